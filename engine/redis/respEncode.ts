/**
 * RESP encoded straight into one Buffer per batch: the byte length of every argument is measured
 * first, then each is written in place. Built as a JS string (`respCommand` and `+=`), a fan-out
 * batch of a thousand ZADDs is a rope of a few thousand young strings that the socket write then
 * flattens and copies into a Buffer again; at the fan-out's and the stream cache's rates that was
 * the largest share of the engine's young-generation garbage, and its scavenges landed inside the
 * graph model's reads (issue 19). A Buffer of a batch lives outside the JS heap.
 */
import type { FanoutWrite, RedisCommand } from './transport/RedisTransport.js';

const CR = 13;
const LF = 10;
const ZERO = 48;
/** `*`: an array's header. */
const STAR = 42;
/** `$`: a bulk string's header. */
const DOLLAR = 36;

/** Decimal digits of a non-negative integer. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Writes a non-negative integer in decimal at off; returns the offset after it. */
function writeInt(buf: Buffer, off: number, n: number): number {
  const end = off + digits(n);
  let p = end;
  do {
    buf[--p] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
}

/** Bytes of `$len\r\n<len bytes>\r\n`. */
function bulkSize(len: number): number {
  return 1 + digits(len) + 2 + len + 2;
}

/** Writes `<prefix><n>\r\n` (prefix `*` or `$`). */
function writeHeader(buf: Buffer, off: number, prefix: number, n: number): number {
  buf[off] = prefix;
  off = writeInt(buf, off + 1, n);
  buf[off] = CR;
  buf[off + 1] = LF;
  return off + 2;
}

function writeBulk(buf: Buffer, off: number, s: string, len: number): number {
  off = writeHeader(buf, off, DOLLAR, len);
  if (len > 0) buf.write(s, off, len, 'utf8');
  off += len;
  buf[off] = CR;
  buf[off + 1] = LF;
  return off + 2;
}

/** Argument lengths of the last batch, reused so that measuring allocates nothing per argument. */
let lengths = new Int32Array(1024);

function lengthSlot(i: number): void {
  if (i < lengths.length) return;
  const grown = new Int32Array(Math.max(i + 1, lengths.length * 2));
  grown.set(lengths);
  lengths = grown;
}

/**
 * The commands as one RESP Buffer, command i preceded by the bytes `prefix(i)` returns when it
 * returns some (a cluster's ASKING). The same bytes as concatenating `respCommand` of each.
 */
export function encodeCommandsBuffer(cmds: readonly RedisCommand[], prefix?: (i: number) => Buffer | null): Buffer {
  const args: string[] = [];
  let size = 0;
  let k = 0;
  for (let i = 0; i < cmds.length; i++) {
    const pre = prefix?.(i);
    if (pre) size += pre.length;
    const c = cmds[i];
    size += 1 + digits(c.length) + 2;
    for (const a of c) {
      const s = typeof a === 'number' ? String(a) : a;
      const len = Buffer.byteLength(s);
      lengthSlot(k);
      lengths[k++] = len;
      args.push(s);
      size += bulkSize(len);
    }
  }
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  k = 0;
  for (let i = 0; i < cmds.length; i++) {
    const pre = prefix?.(i);
    if (pre) off += pre.copy(buf, off);
    const n = cmds[i].length;
    off = writeHeader(buf, off, STAR, n);
    for (let j = 0; j < n; j++, k++) off = writeBulk(buf, off, args[k], lengths[k]);
  }
  return buf;
}

const ZADD_HEAD = Buffer.from('*4\r\n$4\r\nZADD\r\n');
const TRIM_HEAD = Buffer.from('*4\r\n$15\r\nZREMRANGEBYRANK\r\n');

/**
 * `*4 ZADD key score member` (+ `*4 ZREMRANGEBYRANK key 0 stop`) for every key of one fan-out
 * write, as one Buffer, and the number of commands in it.
 */
export function encodeFanoutBuffer(w: FanoutWrite): { payload: Buffer; commands: number } {
  const score = String(w.score);
  const scoreLen = Buffer.byteLength(score);
  const memberLen = Buffer.byteLength(w.member);
  const stop = String(-(w.maxLength + 1));
  const tail = bulkSize(scoreLen) + bulkSize(memberLen);
  const trimTail = bulkSize(1) + bulkSize(stop.length);
  let size = 0;
  let commands = 0;
  lengthSlot(w.keys.length);
  for (let i = 0; i < w.keys.length; i++) {
    const len = Buffer.byteLength(w.keys[i]);
    lengths[i] = len;
    const keyArg = bulkSize(len);
    size += ZADD_HEAD.length + keyArg + tail;
    commands++;
    if (w.trims[i]) {
      size += TRIM_HEAD.length + keyArg + trimTail;
      commands++;
    }
  }
  const payload = Buffer.allocUnsafe(size);
  // The score + member tail is the same for every key: written after the first key, copied after the others.
  const tailAt = ZADD_HEAD.length + bulkSize(lengths[0] ?? 0);
  let off = 0;
  for (let i = 0; i < w.keys.length; i++) {
    off += ZADD_HEAD.copy(payload, off);
    off = writeBulk(payload, off, w.keys[i], lengths[i]);
    if (i === 0) {
      off = writeBulk(payload, off, score, scoreLen);
      off = writeBulk(payload, off, w.member, memberLen);
    } else {
      off += payload.copy(payload, off, tailAt, tailAt + tail);
    }
    if (w.trims[i]) {
      off += TRIM_HEAD.copy(payload, off);
      off = writeBulk(payload, off, w.keys[i], lengths[i]);
      off = writeBulk(payload, off, '0', 1);
      off = writeBulk(payload, off, stop, stop.length);
    }
  }
  return { payload, commands };
}
