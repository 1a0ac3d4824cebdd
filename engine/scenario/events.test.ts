import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scenario } from '../test/helpers.js';
import { EventStream, type SimEvent } from './events.js';
import { generateGraph } from './graph.js';
import type { Scenario } from './schema.js';

function allEvents(s: Scenario): SimEvent[] {
  if (s.graph.kind !== 'generator') throw new Error('generator scenario expected');
  const stream = new EventStream(s, generateGraph(s.graph, s.seed));
  const out: SimEvent[] = [];
  for (let tick = stream.nextTick(); tick; tick = stream.nextTick()) out.push(...tick);
  return out;
}

const digest = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');

const busy = (seed: number): Scenario =>
  scenario({
    seed,
    graph: { kind: 'generator', users: 300, avgFollows: 8 },
    workload: { durationSec: 20, postsPerSec: 50, readsPerSec: 80, followsPerSec: 2, unfollowsPerSec: 1, interactionsPerSec: 10, deepReadShare: 0.2, celebrityPosting: { topAuthors: 2, postsPerMinute: 30 } },
  });

describe('event stream', () => {
  it('is byte-for-byte identical for the same seed, and the graph too', () => {
    const a = busy(5);
    const b = busy(5);
    expect(digest(allEvents(a))).toBe(digest(allEvents(b)));
    if (a.graph.kind !== 'generator') throw new Error();
    const g1 = generateGraph(a.graph, 5);
    const g2 = generateGraph(a.graph, 5);
    expect(Buffer.from(g1.followees.targets.buffer).equals(Buffer.from(g2.followees.targets.buffer))).toBe(true);
    expect(Buffer.from(g1.city.buffer).equals(Buffer.from(g2.city.buffer))).toBe(true);
  });

  it('differs for another seed', () => {
    expect(digest(allEvents(busy(5)))).not.toBe(digest(allEvents(busy(6))));
  });

  it('is the same after reset, whatever was consumed before', () => {
    const s = busy(3);
    if (s.graph.kind !== 'generator') throw new Error();
    const stream = new EventStream(s, generateGraph(s.graph, s.seed));
    const first = [stream.nextTick(), stream.nextTick(), stream.nextTick()];
    stream.reset();
    expect([stream.nextTick(), stream.nextTick(), stream.nextTick()]).toEqual(first);
  });

  it('has every kind, rates near the workload, unique increasing post times and ticks in order', () => {
    const s = busy(11);
    const events = allEvents(s);
    const kinds = new Map<string, number>();
    for (const e of events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    for (const k of ['post', 'read', 'follow', 'unfollow', 'interact']) expect(kinds.get(k) ?? 0).toBeGreaterThan(0);
    // 50 posts/s + 2 celebrities x 30/min = 51 posts/s over 20 s
    expect(kinds.get('post')!).toBeGreaterThan(1020 * 0.9);
    expect(kinds.get('post')!).toBeLessThan(1020 * 1.1);
    const posts = events.filter((e) => e.kind === 'post');
    for (let i = 1; i < posts.length; i++) expect(posts[i].t).toBeGreaterThan(posts[i - 1].t);
    for (let i = 1; i < events.length; i++) expect(Math.floor(events[i].t / 100)).toBeGreaterThanOrEqual(Math.floor(events[i - 1].t / 100) - 1);
    const deep = events.filter((e) => e.kind === 'read' && e.deep);
    expect(deep.length / kinds.get('read')!).toBeGreaterThan(0.15);
    expect(deep.length / kinds.get('read')!).toBeLessThan(0.25);
  });
});
