/**
 * Article 2.1's claims, measured live for the claims ledger (pure, milliseconds): three writer
 * nodes (clocks -50, 0, +50 ms, gossip 20 ms) write a stream of posts, likes and replies; the
 * causality lab builds the happened-before graph, takes the cone of the last event by reverse
 * DFS and counts its work against |E| + |≺|, and checks the newest 20 posts after every read for
 * effects shown below their causes, per score strategy (physical ms vs the hybrid logical clock).
 */
import { DriftLab } from '../drift/DriftLab.js';
import type { SimEvent } from '../scenario/events.js';
import { CausalityLab } from './CausalityLab.js';
import { happenedBefore } from './vectorClock.js';

export interface CausalityFigures {
  events: number;
  edges: number;
  coneSize: number;
  visited: number;
  edgesTraversed: number;
  micros: number;
  /** The DFS cone equals {e' : vc(e') <= vc(e)}. */
  matchesVectorClocks: boolean;
  pages: number;
  effectBelowCause: Record<string, number>;
}

const POSTS = 3000;
const EPOCH_MS = 1_767_225_600_000;
const PAGE = 20;

export function measureCausality(): CausalityFigures {
  const drift = new DriftLab({ nodes: [{ name: 'a', skewMs: -50, driftPpm: 0 }, { name: 'b', skewMs: 0, driftPpm: 0 }, { name: 'c', skewMs: 50, driftPpm: 0 }], strategy: 'raw', gossipMs: 20 }, EPOCH_MS);
  const lab = new CausalityLab({ feedChecksPerSec: 0, maxEvents: 100_000 }, { drift, timeline: undefined, pageSize: PAGE });
  const recent: number[] = [];
  let pages = 0;
  // A post every 2 ms by user id mod 50; every 5th post is liked or commented 1 ms later by another user; a read every 10 ms.
  const tick: SimEvent[] = [];
  for (let i = 1; i <= POSTS; i++) {
    const t = i * 2;
    const post: SimEvent = { kind: 'post', id: i, t, author: i % 50, tags: [], celebrity: false };
    tick.push(post);
    drift.observe(post);
    if (i % 5 === 0) {
      const e: SimEvent = { kind: 'interact', t: t + 1, user: (i * 7) % 50, post: i, author: i % 50, type: i % 10 === 0 ? 'comment' : 'like' };
      tick.push(e);
      drift.observeInteraction(e);
    }
    if (i % 5 === 0) tick.push({ kind: 'read', t: t + 1, user: i % 13, mode: 'offset', offset: 0, deep: false });
  }
  void lab.onTick(tick, POSTS * 2, POSTS * 2 + 1);
  for (let i = 1; i <= POSTS; i++) {
    recent.push(i);
    if (recent.length > PAGE) recent.shift();
    if (i % 5 === 0) {
      // As Redis would return them under the selected strategy (raw ms): score descending, ties by member descending.
      const page = [...recent].sort((a, b) => (drift.stampsOf(b)?.[0] ?? 0) - (drift.stampsOf(a)?.[0] ?? 0) || (String(b) > String(a) ? 1 : -1));
      lab.checkPage(page, -1, i * 2);
      pages++;
    }
  }
  const v = lab.view({ limit: 1 });
  const events = lab.recorded;
  const last = events.length - 1;
  const cone = lab.cone(last);
  const byVc = events.filter((e) => e.id === last || happenedBefore(e.vc, events[last].vc)).length;
  return {
    events: v.totals.recorded,
    edges: v.totals.edges,
    coneSize: cone.members.size,
    visited: cone.visited,
    edgesTraversed: cone.edgesTraversed,
    micros: cone.micros,
    matchesVectorClocks: byVc === cone.members.size,
    pages,
    effectBelowCause: Object.fromEntries(v.counters.strategies.map((s) => [s.name, s.effectBelowCause])),
  };
}
