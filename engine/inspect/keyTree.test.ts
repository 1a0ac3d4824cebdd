import { describe, expect, it } from 'vitest';
import { KeyTree, MAX_CHILDREN_TRACKED } from './keyTree.js';

describe('KeyTree', () => {
  it('counts keys per `:` prefix without storing the keys themselves', () => {
    const t = new KeyTree();
    for (let i = 0; i < 500; i++) t.add(`fs:timeline:${i}`);
    for (let i = 0; i < 20; i++) t.add(`fs:outbox:${i}`);
    t.add('plain');
    const v = t.view();
    expect(v.count).toBe(521);
    expect(v.children.map((c) => [c.name, c.count])).toEqual([['fs', 520]]);
    expect(v.children[0].children.map((c) => [c.prefix, c.count, c.children.length])).toEqual([
      ['fs:timeline:', 500, 0],
      ['fs:outbox:', 20, 0],
    ]);
  });

  it('caps distinct children and says how many are hidden', () => {
    const t = new KeyTree();
    for (let i = 0; i < MAX_CHILDREN_TRACKED + 10; i++) t.add(`u${i}:x`);
    const v = t.view(50);
    expect(v.children).toHaveLength(50);
    expect(v.hiddenChildren).toBe(MAX_CHILDREN_TRACKED - 50 + 1);
    expect(v.count).toBe(MAX_CHILDREN_TRACKED + 10);
  });
});
