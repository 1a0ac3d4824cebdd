import { describe, expect, it } from 'vitest';
import { feedKeyLink } from './feedKeyLink.js';

describe('feedKeyLink', () => {
  it('links a push page to its timeline ZSET', () => {
    expect(feedKeyLink({ key: 'fs:timeline:7' })).toEqual({ zset: 'fs:timeline:7', text: '', outboxes: [] });
  });

  it('links a hybrid page to the user\'s ZSET, not to the outbox pattern label', () => {
    const l = feedKeyLink({ key: 'fs:outbox:* (hybrid)', sources: { timelineKey: 'fs:timeline:7', outboxes: ['fs:outbox:3'], pulledOutboxes: 2 } });
    expect(l.zset).toBe('fs:timeline:7');
    expect(l.text).toBe('+ 2 outboxes merged at read time');
    expect(l.outboxes).toEqual(['fs:outbox:3']);
  });

  it('links nothing when the user has no timeline ZSET: says the feed is merged from outboxes', () => {
    const l = feedKeyLink({ key: 'fs:outbox:* (pull)', sources: { timelineKey: null, outboxes: ['fs:outbox:3', 'fs:outbox:4'], pulledOutboxes: 1 } });
    expect(l.zset).toBeNull();
    expect(l.text).toBe('merged at read time from 1 outbox');
  });
});
