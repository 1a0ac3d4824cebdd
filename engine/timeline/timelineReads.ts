/**
 * Timeline reads: push mode pages one ZSET (ZREVRANGE by offset, ZREVRANGEBYSCORE from a cursor);
 * pull mode merges the followees' outboxes (LRANGE, pipelined on the bulk lane, or one at a time
 * for comparison); hybrid merges the pushed ZSET with the pulled outboxes.
 */
import { call, pipelineValues, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { Prng } from '../scenario/prng.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { tracedBatch, tracedCommand } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import { parseOutboxEntry } from './ActiveUsers.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';
import type { TimelineConfig } from './presets.js';

export interface TimelineReadDeps {
  transport: RedisTransport;
  tracer: Tracer;
  graph: FollowGraph;
  config: TimelineConfig;
  /** The model's random stream (pull reads draw sequential or pipelined from it). */
  rng: () => Prng;
  timelineKey: (user: number) => string;
  outboxKey: (user: number) => string;
  isPushed: (author: number) => boolean;
}

export class TimelineReads {
  constructor(private readonly d: TimelineReadDeps) {}

  /** A page of `n` items starting `offset` items from the newest. `parent`: the span it is part of (the read cache's miss). */
  async readOffset(user: number, offset: number, n: number, parent?: Span): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      return this.d.tracer.span('timeline.readOffset', parent, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGE', () => this.zrange(['ZREVRANGE', this.d.timelineKey(user), offset, offset + n - 1, 'WITHSCORES']))),
      );
    }
    return this.mergedRead(user, offset + n, null, parent).then((items) => items.slice(offset, offset + n));
  }

  /**
   * The page after `cursor` (exclusive score; null for the first page). `seen` is how many items
   * the client has already read, which pull reads need to know how deep to fetch.
   */
  async readCursor(user: number, cursor: number | null, n: number, seen = 0, parent?: Span): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      const max = cursor === null ? '+inf' : `(${cursor}`;
      return this.d.tracer.span('timeline.readCursor', parent, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGEBYSCORE', () => this.zrange(['ZREVRANGEBYSCORE', this.d.timelineKey(user), max, '-inf', 'WITHSCORES', 'LIMIT', 0, n]))),
      );
    }
    const items = await this.mergedRead(user, seen + n, cursor, parent);
    return items.slice(0, n);
  }

  /** Pull and hybrid reads: the newest `need` items below `below`, merged across sources. */
  private async mergedRead(user: number, need: number, below: number | null, parent?: Span): Promise<FeedItem[]> {
    const { tracer, transport, config, graph } = this.d;
    const rng = this.d.rng();
    const sequential = config.pullSequentialShare > 0 && rng.next() < config.pullSequentialShare;
    const name = config.mode === 'hybrid' ? 'timeline.hybridRead' : sequential ? 'timeline.pullReadSequential' : 'timeline.pullRead';
    return tracer.span(name, parent, async (span) => {
      const pulled = [user, ...graph.followees(user)].filter((a) => !this.d.isPushed(a));
      const lrange = (a: number) => ['LRANGE', this.d.outboxKey(a), 0, need - 1] as const;
      const lists: string[][] = [];
      // Outbox reads are bulk traffic: pipelined (or one at a time, for comparison) on the fan-out's lane.
      if (sequential) {
        for (const a of pulled) lists.push((await tracedCommand(tracer, span, 'LRANGE', () => call(transport, lrange(a), 'bulk'))) as string[]);
      } else if (pulled.length > 0) {
        lists.push(...((await tracedBatch(tracer, span, 'LRANGE', () => pipelineValues(transport, pulled.map(lrange), 'LRANGE', 'bulk'))) as string[][]));
      }
      const items: FeedItem[] = [];
      for (const list of lists) {
        for (const entry of list) items.push(parseOutboxEntry(entry));
      }
      if (config.mode === 'hybrid') {
        const max = below === null ? '+inf' : `(${below}`;
        const pushed = await tracedCommand(tracer, span, 'ZREVRANGEBYSCORE', () => this.zrange(['ZREVRANGEBYSCORE', this.d.timelineKey(user), max, '-inf', 'WITHSCORES', 'LIMIT', 0, need]));
        items.push(...parseWithScores(pushed));
      }
      const filtered = below === null ? items : items.filter((i) => i.score < below);
      filtered.sort(compareFeedItems);
      return filtered.slice(0, need);
    });
  }

  async zrange(cmd: readonly (string | number)[]): Promise<string[]> {
    return (await call(this.d.transport, cmd)) as string[];
  }
}

export function parseWithScores(flat: string[]): FeedItem[] {
  const out: FeedItem[] = new Array(flat.length / 2);
  for (let i = 0; i < flat.length; i += 2) out[i / 2] = { postId: Number(flat[i]), score: Number(flat[i + 1]) };
  return out;
}
