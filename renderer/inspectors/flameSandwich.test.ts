import { describe, expect, it } from 'vitest';
import type { FlameNode } from '../../engine/api.js';
import { calleesTree, callersTree, functionTable } from './flameSandwich.js';

const n = (name: string, totalUs: number, children: FlameNode[] = []): FlameNode => ({ name, totalUs, selfUs: totalUs - children.reduce((s, c) => s + c.totalUs, 0), children });

// all
// ├ timeline.read 100: redis.ZREVRANGE 60, redis.ZADD 10
// └ graph.read 50: recall 30 (redis.ZREVRANGE 20), redis.ZREVRANGE 5
const root = n('all', 150, [
  n('timeline.read', 100, [n('redis.ZREVRANGE', 60), n('redis.ZADD', 10)]),
  n('graph.read', 50, [n('recall', 30, [n('redis.ZREVRANGE', 20)]), n('redis.ZREVRANGE', 5)]),
]);

describe('sandwich view', () => {
  it('tables every function once with summed self and total time', () => {
    const rows = functionTable(root);
    expect(rows[0]).toEqual({ name: 'timeline.read', selfUs: 30, totalUs: 100 });
    expect(rows.find((r) => r.name === 'redis.ZREVRANGE')).toEqual({ name: 'redis.ZREVRANGE', selfUs: 85, totalUs: 85 });
    expect(rows.map((r) => r.name)).not.toContain('all');
  });

  it('counts a recursive function once per stack', () => {
    const rec = n('all', 10, [n('f', 10, [n('f', 6, [n('g', 2)])])]);
    expect(functionTable(rec).find((r) => r.name === 'f')!.totalUs).toBe(10);
    expect(calleesTree(rec, 'f').totalUs).toBe(10);
  });

  it('builds the callers tree inverted: the function, then its direct callers', () => {
    const t = callersTree(root, 'redis.ZREVRANGE');
    expect(t.totalUs).toBe(85);
    expect(t.children.map((c) => [c.name, c.totalUs])).toEqual([['timeline.read', 60], ['recall', 20], ['graph.read', 5]]);
    const recall = t.children.find((c) => c.name === 'recall')!;
    expect(recall.children.map((c) => [c.name, c.totalUs])).toEqual([['graph.read', 20]]);
  });

  it('merges the callees of every occurrence', () => {
    const t = calleesTree(root, 'graph.read');
    expect(t.totalUs).toBe(50);
    expect(t.selfUs).toBe(15);
    expect(t.children.map((c) => c.name)).toEqual(['recall', 'redis.ZREVRANGE']);
    const z = calleesTree(root, 'redis.ZREVRANGE');
    expect(z).toMatchObject({ totalUs: 85, selfUs: 85, children: [] });
  });
});
