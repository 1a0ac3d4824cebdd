import { describe, expect, it } from 'vitest';
import { Prng } from '../scenario/prng.js';
import { CsvBuffer } from './csv.js';

describe('CsvBuffer', () => {
  it('writes the same bytes as String() and join, for integers of every length and decimals', () => {
    const rng = new Prng(3, 'csv');
    const out = new CsvBuffer();
    const want: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = rng.int(10 ** (1 + (i % 12)));
      const b = [0, 9, 10, 99, 100, 4_294_967_295, 2 ** 53 - 1][i % 7];
      const w = Math.round(rng.next() * 1000) / 1000;
      if (i % 2) {
        out.pair(a, b);
        want.push(`${a},${b}`);
      } else {
        out.row(a, w, b);
        want.push(`${a},${w},${b}`);
      }
    }
    expect(out.take().toString('latin1')).toBe(`${want.join('\n')}\n`);
    expect(out.pos).toBe(0);
  });

  it('grows for a row longer than its buffer', () => {
    const out = new CsvBuffer();
    const n = 400_000;
    for (let i = 0; i < n; i++) out.pair(123_456, i);
    const text = out.take().toString('latin1');
    expect(text.split('\n')).toHaveLength(n + 1);
    expect(text.endsWith(`123456,${n - 1}\n`)).toBe(true);
  });
});
