import { describe, expect, it } from 'vitest';
import { DriftLab } from '../drift/DriftLab.js';
import type { SimEvent } from '../scenario/events.js';
import { CausalityLab } from './CausalityLab.js';
import { HappenedBefore } from './HappenedBefore.js';
import { parseShiviz, SHIVIZ_REGEX } from './shiviz.js';
import { happenedBefore, vcCompare } from './vectorClock.js';

const EPOCH = 1_767_225_600_000;

function lab(skews: number[], gossipMs: number): { lab: CausalityLab; drift: DriftLab } {
  const drift = new DriftLab({ nodes: skews.map((s, i) => ({ name: `n${i}`, skewMs: s, driftPpm: 0 })), strategy: 'raw', gossipMs }, EPOCH);
  return { drift, lab: new CausalityLab({ feedChecksPerSec: 0, maxEvents: 10_000 }, { drift, timeline: undefined, pageSize: 20 }) };
}

function post(id: number, t: number, author: number): SimEvent {
  return { kind: 'post', id, t, author, tags: [], celebrity: false };
}

async function feed(l: { lab: CausalityLab; drift: DriftLab }, events: SimEvent[], tEnd: number): Promise<void> {
  for (const e of events) if (e.kind === 'post') l.drift.observe(e);
  await l.lab.onTick(events, 100, tEnd);
}

describe('vector clocks', () => {
  it('orders, equals and finds concurrency', () => {
    expect(vcCompare([1, 0], [1, 1])).toBe('before');
    expect(vcCompare([1, 1], [1, 0])).toBe('after');
    expect(vcCompare([2, 0], [1, 1])).toBe('concurrent');
    expect(vcCompare([1, 1], [1, 1])).toBe('equal');
  });
});

describe('happened-before graph', () => {
  it('is_causally_bound follows edges back and only back', () => {
    const g = new HappenedBefore();
    const a = g.add([]);
    const b = g.add([a]);
    const c = g.add([]);
    const d = g.add([b, c]);
    expect(g.isCausallyBound(a, d)).toBe(true);
    expect(g.isCausallyBound(d, a)).toBe(false);
    expect(g.isCausallyBound(c, b)).toBe(false);
    expect([...g.cone(d).members].sort()).toEqual([a, b, c, d]);
    expect(g.cone(d).edgesTraversed).toBe(3);
  });

  it('the DFS cone is exactly the events whose vector clock is <= the event\'s', async () => {
    const l = lab([0, 30, -30], 20);
    const evs: SimEvent[] = [];
    for (let i = 1; i <= 60; i++) {
      evs.push(post(i, i * 7, i % 5));
      if (i % 4 === 0) evs.push({ kind: 'interact', t: i * 7 + 1, user: (i + 1) % 5, post: i, author: i % 5, type: i % 8 === 0 ? 'comment' : 'like' });
      if (i % 3 === 0) evs.push({ kind: 'read', t: i * 7 + 2, user: i % 7, mode: 'offset', offset: 0, deep: false });
    }
    await feed(l, evs, 600);
    const events = l.lab.recorded;
    expect(events.length).toBeGreaterThan(150);
    for (const target of [events.length - 1, Math.floor(events.length / 2), 10]) {
      const cone = l.lab.cone(target).members;
      const byVc = events.filter((e) => e.id === target || happenedBefore(e.vc, events[target].vc)).map((e) => e.id);
      expect([...cone].sort((a, b) => a - b)).toEqual(byVc);
    }
  });
});

describe('violations', () => {
  it('a read on the node that took a reply before its post arrived shows the effect without its cause', async () => {
    // Post 1 on n1 (1 mod 2); user 2 (node 0) comments at t=5; user 2's next post (id 2, node 0) is the reply at t=10;
    // n0 receives post 1 only at t=1+100; a read on n0 at t=20 shows the reply without the post.
    const l = lab([0, 0], 100);
    await feed(l, [post(1, 1, 3), { kind: 'interact', t: 5, user: 2, post: 1, author: 3, type: 'comment' }, post(2, 10, 2), { kind: 'read', t: 20, user: 4, mode: 'offset', offset: 0, deep: false }], 50);
    const v = l.lab.view({ toMs: 50, spanMs: 100 });
    expect(v.counters.effectWithoutCause).toBe(1);
    expect(v.totals.byKind.reply).toBe(1);
    const read = v.window.events.find((e) => e.kind === 'read');
    expect(read?.violation).toContain('2 without post 1');
    // After the post arrived, a read there is fine.
    await feed(l, [{ kind: 'read', t: 150, user: 4, mode: 'offset', offset: 0, deep: false }], 200);
    expect(l.lab.view().counters.effectWithoutCause).toBe(1);
  });

  it('a fast writer\'s post above a later post that saw it breaks order for raw ms, not for HLC', async () => {
    // n1 is 50 ms fast; its post 1 at t=0 reaches n0 at t=20; n0's post 2 at t=30 happened after it (≺),
    // but raw scores: post 1 = 50, post 2 = 30, so a page shows 1 above 2. HLC received l=50 and stamps 2 above.
    const l = lab([0, 50], 20);
    await feed(l, [post(1, 0, 1), post(2, 30, 2)], 100);
    l.lab.checkPage([1, 2], -1, 100);
    const s = Object.fromEntries(l.lab.view().counters.strategies.map((x) => [x.name, x.effectBelowCause]));
    expect(s.raw).toBe(1);
    expect(s.hlc).toBe(0);
    expect(l.lab.view().counters.orderedPairs).toBe(1);
  });
});

describe('ShiViz log', () => {
  it('writes the regex, a blank line, and host + clock + event per event, parseable with that regex', async () => {
    const l = lab([0, 10, 20], 5);
    await feed(l, [post(1, 1, 0), post(2, 2, 1), post(3, 30, 2)], 60);
    const text = l.lab.shiviz();
    const lines = text.split('\n');
    expect(lines[0]).toBe(SHIVIZ_REGEX);
    expect(lines[1]).toBe('');
    const parsed = parseShiviz(text);
    expect(parsed.length).toBe(l.lab.recorded.length);
    for (const p of parsed) expect(p.clock[p.host]).toBeGreaterThan(0);
    // Each host's own counter goes up by one per event, as ShiViz checks.
    const own = new Map<string, number>();
    for (const p of parsed) {
      expect(p.clock[p.host]).toBe((own.get(p.host) ?? 0) + 1);
      own.set(p.host, p.clock[p.host]);
    }
  });
});
