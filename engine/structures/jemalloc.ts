/**
 * jemalloc size classes, as `zmalloc_size()` (je_malloc_usable_size) reports them on x86-64 with
 * 4 KiB pages and a 16-byte quantum (jemalloc 5.x, the allocator Redis ships with).
 *
 * Small classes: 8, then multiples of 16 up to 128; above that, four classes per doubling
 * (160, 192, 224, 256, 320, ...). Large allocations follow the same four-per-doubling spacing,
 * so one formula covers every size Redis's MEMORY USAGE asks about.
 */

/** The usable size jemalloc hands out for a request of `bytes` (bytes >= 0). */
export function jemallocSize(bytes: number): number {
  if (bytes <= 8) return 8;
  if (bytes <= 128) return Math.ceil(bytes / 16) * 16;
  const k = Math.floor(Math.log2(bytes - 1));
  const step = 2 ** (k - 2);
  return Math.ceil(bytes / step) * step;
}

/** sds header bytes for a string of `len` bytes (sdsReqType in src/sds.c: sds5, sds8, sds16, sds32). */
export function sdsHeaderBytes(len: number): number {
  if (len < 1 << 5) return 1;
  if (len < 1 << 8) return 3;
  if (len < 1 << 16) return 5;
  if (len < 2 ** 32) return 9;
  return 17;
}

/** sdsZmallocSize of an sds created by sdsnewlen with `len` bytes: header + bytes + NUL, rounded by jemalloc. */
export function sdsAllocBytes(len: number): number {
  return jemallocSize(sdsHeaderBytes(len) + len + 1);
}
