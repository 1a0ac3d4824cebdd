import { describe, expect, it } from 'vitest';
import { diffTree, flameTree, parseFolded } from './flameTree.js';
import { flameSvg } from './flameSvg.js';

describe('folded stacks', () => {
  it('builds inclusive values from self times', () => {
    const t = flameTree(parseFolded(['a 10', 'a;b 5', 'a;c 5', 'd 20']));
    expect(t.value).toBe(40);
    expect(t.children.map((c) => [c.name, c.value])).toEqual([['a', 20], ['d', 20]]);
  });

  it('diffs with widths from the second run and the first normalised to its total (difffolded -n)', () => {
    // The first run is twice as long; in share, a grew from 25% to 50% and d shrank.
    const d = diffTree(parseFolded(['a 20', 'd 60']), parseFolded(['a 20', 'd 20']));
    expect(d.value).toBe(40);
    expect(d.before).toBeCloseTo(40, 9);
    const [a, dd] = d.children;
    expect([a.name, a.value, a.before]).toEqual(['a', 20, 10]);
    expect([dd.name, dd.value, dd.before]).toEqual(['d', 20, 30]);
    const svg = flameSvg(d);
    // a grew (red), d shrank (blue), at the same strength.
    expect(svg).toMatch(/<title>a: [^<]*\+100\.0%<\/title><rect [^>]*fill="rgb\(255,20,20\)"/);
    expect(svg).toMatch(/<title>d: [^<]*-33\.3%<\/title><rect [^>]*fill="rgb\(\d+,\d+,255\)"/);
  });
});
