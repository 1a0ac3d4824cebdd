/** Bulk-load files for LadybugDB's COPY FROM. */

const INITIAL_BYTES = 2 << 20;

/**
 * CSV lines of numbers, encoded straight into a byte buffer: 20M follows as strings joined per
 * chunk took ~8 s to write here; as digits into a Buffer, ~1 s.
 */
export class CsvBuffer {
  buf = Buffer.allocUnsafe(INITIAL_BYTES);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A non-negative integer below 2^53. */
  private int(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) this.buf[--p] = 48 + (m % 10);
  }

  private value(v: number): void {
    if (Number.isInteger(v) && v >= 0) this.int(v);
    else this.pos += this.buf.write(String(v), this.pos, 'latin1');
  }

  /** `a,b\n` for two non-negative integers (the follow edges: the hot loop). */
  pair(a: number, b: number): void {
    this.room(40);
    this.int(a);
    this.buf[this.pos++] = 44;
    this.int(b);
    this.buf[this.pos++] = 10;
  }

  row(...values: number[]): void {
    this.room(32 * values.length);
    values.forEach((v, i) => {
      if (i > 0) this.buf[this.pos++] = 44;
      this.value(v);
    });
    this.buf[this.pos++] = 10;
  }

  /** The bytes written since the last take (a view: write it before adding more). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
}
