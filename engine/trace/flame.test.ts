import { describe, expect, it } from 'vitest';
import { findNode, flameFromFolded, flameFromSpans, flameIndex, foldedLines, toSpeedscope } from './flame.js';
import { Tracer } from './Tracer.js';

const folded: [string, number][] = [
  ['timeline.readOffset', 10],
  ['timeline.readOffset;redis.ZREVRANGE', 90],
  ['timeline.fanoutWrite;timeline.fanoutChunk;redis.pipeline:ZADD', 300],
  ['timeline.fanoutWrite', 5],
  ['graph.recall;cypher', 40],
];

describe('flame folding', () => {
  it('merges folded stacks into a left-heavy tree whose totals add up', () => {
    const root = flameFromFolded(folded);
    expect(root.totalUs).toBe(445);
    expect(root.children.map((c) => c.name)).toEqual(['timeline.fanoutWrite', 'timeline.readOffset', 'graph.recall']);
    const read = findNode(root, ['all', 'timeline.readOffset'])!;
    expect(read).toMatchObject({ totalUs: 100, selfUs: 10 });
    expect(foldedLines(root).sort()).toEqual(folded.map(([p, v]) => `${p} ${v}`).sort());
  });

  it('cuts per model and per operation kind', () => {
    expect(flameFromFolded(folded, { model: 'graph' }).totalUs).toBe(40);
    expect(flameFromFolded(folded, { operation: 'timeline.readOffset' }).totalUs).toBe(100);
    expect(flameIndex(folded.map(([p]) => p))).toEqual({ models: ['graph', 'timeline'], operations: ['graph.recall', 'timeline.fanoutWrite', 'timeline.readOffset'] });
  });

  it('builds a time-ordered tree from real spans, children in start order', async () => {
    const t = new Tracer();
    await t.span('b.second', undefined, async () => undefined);
    await t.span('a.first', undefined, async (s) => {
      await t.span('inner', s, async () => new Promise((r) => setTimeout(r, 5)));
    });
    const root = flameFromSpans(t.recentSpans());
    expect(root.children.map((c) => c.name)).toEqual(['b.second', 'a.first']);
    const a = root.children[1];
    expect(a.totalUs).toBeGreaterThanOrEqual(a.children[0].totalUs);
    expect(a.children[0].totalUs).toBeGreaterThan(4000);
  });

  it('exports speedscope JSON whose weights sum to the tree total', () => {
    const root = flameFromFolded(folded);
    const file = toSpeedscope('run', [{ name: 'left-heavy', root }]) as { shared: { frames: { name: string }[] }; profiles: { samples: number[][]; weights: number[]; endValue: number }[] };
    const p = file.profiles[0];
    expect(p.weights.reduce((a, b) => a + b, 0)).toBe(445);
    expect(p.endValue).toBe(445);
    expect(p.samples.every((s) => s.every((i) => i < file.shared.frames.length))).toBe(true);
    const zadd = p.samples.find((s) => file.shared.frames[s[s.length - 1]].name === 'redis.pipeline:ZADD')!;
    expect(zadd.map((i) => file.shared.frames[i].name)).toEqual(['timeline.fanoutWrite', 'timeline.fanoutChunk', 'redis.pipeline:ZADD']);
  });
});
