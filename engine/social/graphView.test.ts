import { describe, expect, it } from 'vitest';
import { generateEdges, generateGraph } from '../scenario/graph.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph } from './FollowGraph.js';
import { edgesGraphView, followGraphView } from './graphView.js';

const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 1000, avgFollows: 8 }), 5);
const g = new FollowGraph(social);

describe('follow graph view', () => {
  it('shows everything of a small graph and says nothing is left out', () => {
    const small = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 30, avgFollows: 3 }), 1);
    const v = followGraphView(new FollowGraph(small), small, { maxNodes: 100, focus: null });
    expect(v.nodes).toHaveLength(30);
    expect(v.edges).toHaveLength(small.edges);
    expect(v.sampled).toBeNull();
  });

  it('samples the top users plus the focus neighbourhood, and says so', () => {
    const focus = 999;
    const v = followGraphView(g, social, { maxNodes: 50, focus });
    const ids = new Set(v.nodes.map((n) => n.id));
    for (const top of g.topByFollowers(50)) expect(ids.has(top)).toBe(true);
    for (const f of g.followees(focus)) expect(ids.has(f)).toBe(true);
    expect(v.sampled).toBe(`showing ${ids.size} of 1,000 users (top by followers + neighbourhood of 999)`);
    for (const [a, b] of v.edges) expect(g.followees(a)).toContain(b);
  });

  it('caps edges, keeping the focus user\'s first, and counts what it left out', () => {
    const focus = g.topByFollowers(1)[0];
    const all = followGraphView(g, social, { maxNodes: 300, focus });
    const capped = followGraphView(g, social, { maxNodes: 300, focus, maxEdges: 20 });
    expect(capped.edges).toHaveLength(20);
    expect(capped.edges.every(([a, b]) => a === focus || b === focus)).toBe(true);
    expect(capped.sampled).toContain(`drawing 20 of their ${all.edges.length.toLocaleString('en-US')} follows`);
  });
});

describe('follow graph view from the generator\'s follow arrays (before the CSR build)', () => {
  it('equals the view of the built graph, with and without a focus, sampled or whole, edges capped or not', () => {
    for (const spec of [
      { kind: 'generator', users: 1500, avgFollows: 12 },
      // Celebrity follows are appended after the others: the arrays are not grouped by follower.
      { kind: 'generator', users: 800, avgFollows: 5, celebrities: { count: 3, followers: 600 } },
      { kind: 'generator', users: 40, avgFollows: 3 },
    ]) {
      const parsed = GeneratorGraphSchema.parse(spec);
      const edges = generateEdges(parsed, 9);
      const built = new FollowGraph(generateGraph(parsed, 9));
      const social = generateGraph(parsed, 9);
      const top = built.topByFollowers(1)[0];
      const quiet = built.topByFollowers(parsed.users)[parsed.users - 1];
      for (const args of [
        { maxNodes: 100, focus: null },
        { maxNodes: 100, focus: null, maxEdges: 50 },
        { maxNodes: 100, focus: top },
        { maxNodes: 100, focus: quiet, maxEdges: 30 },
        { maxNodes: 5000, focus: 7 },
        { maxNodes: 10, focus: 10_000_000 },
      ]) {
        expect(edgesGraphView(edges, args), `${JSON.stringify(spec)} ${JSON.stringify(args)}`).toEqual(followGraphView(built, social, args));
      }
    }
  });
});
