import { describe, expect, it } from 'vitest';
import { forceLayout } from './forceLayout.js';

/** Two cliques of 8 joined by one edge: a layout with structure puts each clique together. */
function twoCommunities() {
  const ids = Array.from({ length: 16 }, (_, i) => String(i));
  const edges: [number, number][] = [];
  for (const base of [0, 8]) for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) edges.push([base + i, base + j]);
  edges.push([0, 8]);
  return { ids, edges };
}

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('forceLayout', () => {
  it('draws communities apart: members nearer each other than the other community', () => {
    const g = twoCommunities();
    const p = forceLayout(g);
    const mean = (pairs: [number, number][]) => pairs.reduce((s, [a, b]) => s + dist(p[String(a)], p[String(b)]), 0) / pairs.length;
    const within: [number, number][] = [];
    const across: [number, number][] = [];
    for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) (Math.floor(i / 8) === Math.floor(j / 8) ? within : across).push([i, j]);
    expect(mean(within) * 2).toBeLessThan(mean(across));
  });

  it('is deterministic and keeps every node apart from the others', () => {
    const g = twoCommunities();
    expect(forceLayout(g)).toEqual(forceLayout(g));
    const p = Object.values(forceLayout(g));
    for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) expect(dist(p[i], p[j])).toBeGreaterThan(1);
  });
});
