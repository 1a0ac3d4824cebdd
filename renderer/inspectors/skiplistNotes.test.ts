import { describe, expect, it } from 'vitest';
import { skiplistNotes } from './skiplistNotes.js';

// The engine's notes as engine/inspect/zsetInspect.ts writes them.
const REPLICA = 'Towers are a statistical replica: Redis does not expose node levels, so the model replays the members in order with the same level distribution (ZSKIPLIST_P 0.25). Counts, encoding and memory are checked against the server.';
const ARTICLE = 'The article draws skiplist level k with probability 0.5^k; Redis uses ZSKIPLIST_P = 0.25 (src/server.h), so towers are lower: 75% of nodes have 1 level, 18.75% have 2.';
const LISTPACK = 'This key is listpack-encoded (at most 128 members of at most 64 bytes): there is no skiplist yet; a range walks the listpack linearly.';
const COST = 'Offset 0 starts at the tail (no search); deeper offsets search by rank from the header, O(log N), then walk M-1 backward pointers: the article\'s O(log N + M).';

describe('skiplistNotes', () => {
  it('drops the article note (the panel says it once, as its warning) and keeps the rest once', () => {
    const n = skiplistNotes([REPLICA, ARTICLE, REPLICA], [COST]);
    expect(n.view).toEqual([REPLICA]);
    expect(n.cost).toEqual([COST]);
    expect(n.encoding).toBeNull();
  });

  it('moves the listpack note where the towers would be, and not again below', () => {
    const n = skiplistNotes([REPLICA, ARTICLE, LISTPACK], [COST, `${LISTPACK}`]);
    expect(n.encoding).toBe(LISTPACK);
    expect(n.view).toEqual([REPLICA]);
    expect(n.cost).toEqual([COST]);
  });

  it('does not repeat in the cost table a note the view already gave', () => {
    expect(skiplistNotes([REPLICA, COST], [COST]).cost).toEqual([]);
  });
});
