/**
 * The read cache against a real, private redis-server: a cached page the cache calls fresh is
 * the page Redis returns at that moment, and one it calls stale is not; in push, pull and
 * hybrid modes (deliveries come from fan-out chunks and from pulled authors' outbox writes).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix } from '../redis/connect.js';
import { KeySpace } from '../redis/keys.js';
import { IoredisTransport } from '../redis/transport/IoredisTransport.js';
import type { TimelineOptions } from '../scenario/schema.js';
import { generateGraph } from '../scenario/graph.js';
import { Prng } from '../scenario/prng.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { usePrivateRedis } from '../test/helpers.js';
import { Tracer } from '../trace/Tracer.js';
import type { FeedItem } from './FeedItem.js';
import { resolveTimelineConfig } from './presets.js';
import { TimelineReadCache, type PageRef } from './ReadCache.js';
import { TimelineModel } from './TimelineModel.js';

const redis = usePrivateRedis();
const EPOCH = 1_700_000_000_000;
const PREFIX = 'rc:';
const USERS = 60;
const N = 5;
const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: USERS, avgFollows: 6, followerExponent: 2 }), 9);

beforeEach(async () => {
  await deletePrefix(redis.handle.client, PREFIX);
});

const same = (a: readonly FeedItem[], b: readonly FeedItem[]): boolean => a.length === b.length && a.every((x, i) => x.postId === b[i].postId && x.score === b[i].score);

describe.each(['push', 'pull', 'hybrid'] as const)('read cache stale verdicts (%s)', (mode) => {
  it('calls a hit fresh exactly when Redis returns the same page', async () => {
    const graph = new FollowGraph(social);
    const options: TimelineOptions = { preset: 'mastodon', mode, hybridFollowerThreshold: 8, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4, writer: mode === 'push' ? 'pipeline' : undefined, writerPipeline: mode === 'push' ? { flushIntervalMs: 2 } : undefined };
    const m = new TimelineModel({ transport: new IoredisTransport(redis.handle.client), keys: new KeySpace({ prefix: PREFIX }), tracer: new Tracer(), graph, config: resolveTimelineConfig(options), rng: new Prng(2, 'timeline'), epochMs: EPOCH, onError: (e) => { throw e; } });
    const cache = new TimelineReadCache({ maxEntries: 1000, ttlMs: 0 });
    m.onDelivery((users, item, t) => cache.delivered(users, item, t));
    const rng = new Prng(3, 'test');
    let t = 0;
    let postId = 0;
    const verdicts = { fresh: 0, stale: 0 };
    for (let step = 0; step < 300; step++) {
      t += 10;
      cache.advance(t);
      if (rng.chance(0.4)) {
        await m.post({ kind: 'post', t, id: ++postId, author: rng.int(USERS), tags: [], celebrity: false });
        await m.drain();
        continue;
      }
      const user = rng.int(USERS);
      // The first page, or the page below the first page's last item (a cursor page).
      const top = await m.readOffset(user, 0, N);
      const ref: PageRef = rng.chance(0.5) || top.length < N ? { user, n: N, offset: 0, below: null } : { user, n: N, offset: N, below: top[N - 1].score };
      const fromRedis = ref.below === null ? top : await m.readCursor(user, ref.below, N, N);
      const hit = cache.get(ref);
      if (!hit) {
        cache.put(cache.begin(ref), fromRedis);
        continue;
      }
      expect(hit.missing > 0, `step ${step}: user ${user} ${ref.below === null ? 'first page' : `below ${ref.below}`}`).toBe(!same(hit.items, fromRedis));
      verdicts[hit.missing > 0 ? 'stale' : 'fresh']++;
    }
    // Both verdicts were exercised.
    expect(verdicts.fresh).toBeGreaterThan(5);
    expect(verdicts.stale).toBeGreaterThan(5);
    await m.close();
  });
});
