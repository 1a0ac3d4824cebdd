/**
 * The read side of the graph model: each user's devices consume the user's feed stream through
 * consumer groups, and a stale or short stream is refreshed (recall + rank + XADD).
 *
 * Read policy (per read event of user u, device d = a device drawn from graphModel.devicesPerUser):
 * 1. if u's stream was never filled, or its last refresh is older than refreshAfterSec (simulated),
 *    refresh: recall + rank + XADD the best feedLength items not already in the stream;
 * 2. XAUTOCLAIM what a dead consumer of d left pending, then XREADGROUP `>` one page (after a
 *    refresh of its own, in the XADDs' pipeline: one round trip for both);
 * 3. if the page is short and no refresh happened in this read, refresh once and read again;
 * 4. once the page is shown (its bodies fetched), XACK every delivered entry (expired ones are
 *    acked unseen), unless the reader "crashes"
 *    (graphModel.readerCrashShare): then the device's next read comes from a new consumer, which
 *    reclaims the entries. Refreshes of one user are single-flight across concurrent reads; a
 *    device reads one page at a time.
 */
import { pipelineValues, type RedisCommand, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { ReadEvent } from '../scenario/events.js';
import type { Prng } from '../scenario/prng.js';
import type { GraphModelOptions } from '../scenario/schema.js';
import { tracedBatch } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import type { GraphCounters } from './counters.js';
import type { RankedItem } from './recall.js';
import type { DeviceRead, ReadRequest, StreamCache, StreamEntry } from './StreamCache.js';

/** The recovering consumer knows its predecessor died, so it claims at once (wall ms). */
const CLAIM_MIN_IDLE_MS = 0;

interface UserState {
  lastRefreshMs: number;
  /** Post ids in the stream, oldest first (dedupe of refreshes), at most streamMaxLen. */
  pushed: Set<number>;
  refreshing: Promise<void> | null;
  /** Consumer generation per device (bumped by a crash). */
  generation: number[];
  /** Acked entry ids per device (duplicate check), bounded. */
  acked: Set<string>[];
  /** A device reads one page at a time: its reads queue here. */
  deviceBusy: Promise<void>[];
}

export interface DeviceReaderDeps {
  cache: StreamCache;
  transport: RedisTransport;
  tracer: Tracer;
  settings: GraphModelOptions;
  pageSize: number;
  epochMs: number;
  now: () => number;
  counters: () => GraphCounters;
  /** Recall + rank for a refresh (counted toward the report). */
  rank: (user: number, parent: Span) => Promise<RankedItem[]>;
  bodyKey: (postId: number) => string;
}

export class DeviceReader {
  private users = new Map<number, UserState>();

  constructor(private readonly d: DeviceReaderDeps, private rng: Prng) {}

  reset(rng: Prng): void {
    this.users.clear();
    this.rng = rng;
  }

  /**
   * Redis came back empty: every stream and consumer group is gone, so each user's next read
   * refreshes (recall + rank) and creates the groups again, as on a first read.
   */
  forgetStreams(): void {
    this.users.clear();
  }

  async read(e: ReadEvent): Promise<void> {
    const { settings } = this.d;
    const device = this.rng.int(settings.devicesPerUser);
    const crash = this.rng.chance(settings.readerCrashShare);
    const s = this.state(e.user);
    const turn = s.deviceBusy[device].then(() => this.readOnDevice(e, s, device, crash));
    s.deviceBusy[device] = turn.catch(() => undefined);
    await turn;
  }

  private state(user: number): UserState {
    let s = this.users.get(user);
    if (!s) {
      const d = this.d.settings.devicesPerUser;
      s = {
        lastRefreshMs: -Infinity,
        pushed: new Set(),
        refreshing: null,
        generation: new Array<number>(d).fill(0),
        acked: Array.from({ length: d }, () => new Set<string>()),
        deviceBusy: new Array<Promise<void>>(d).fill(Promise.resolve()),
      };
      this.users.set(user, s);
    }
    return s;
  }

  /**
   * Recall, rank and XADD the best items not yet in the user's stream (single-flight per user).
   * With `then`, the read that asked for the refresh goes in the XADDs' pipeline (one round trip,
   * a `graph.cache.xadd+read` span) and the promise resolves with it; null when the refresh was
   * another read's already in flight, or without `then`: the caller reads on its own.
   */
  private refresh(user: number, parent: Span, then?: ReadRequest): Promise<DeviceRead | null> {
    const s = this.state(user);
    if (s.refreshing) return s.refreshing.then(() => null);
    const { settings, tracer, cache } = this.d;
    let read: DeviceRead | null = null;
    s.refreshing = (async () => {
      const first = s.lastRefreshMs === -Infinity;
      const ranked = await this.d.rank(user, parent);
      const fresh = ranked.filter((it) => !s.pushed.has(it.postId)).slice(0, settings.feedLength);
      const expMs = this.d.epochMs + this.d.now() + settings.itemTtlSec * 1000;
      const items = fresh.map((it) => ({ postId: it.postId, score: it.score, expMs, paths: it.paths, features: [...it.features].map((v) => +v.toFixed(4)).join(',') }));
      if (then) {
        read = await tracer.span('graph.cache.xadd+read', parent, (span) => cache.appendAndRead(user, items, first ? settings.devicesPerUser : null, then, span));
      } else {
        await tracer.span('graph.cache.xadd', parent, async (span) => {
          if (first) await cache.ensureGroups(user, settings.devicesPerUser, span);
          await cache.append(user, items, span);
        });
      }
      for (const it of fresh) s.pushed.add(it.postId);
      for (const id of s.pushed) {
        if (s.pushed.size <= settings.streamMaxLen) break;
        s.pushed.delete(id);
      }
      s.lastRefreshMs = this.d.now();
      const c = this.d.counters();
      c.refreshes++;
      c.xadds += fresh.length;
    })().finally(() => {
      s.refreshing = null;
    });
    return s.refreshing.then(() => read);
  }

  /**
   * One read of a device: the page (`graph.read`: refresh, stream read, item bodies), then, once
   * the page is shown, its XACK (`graph.ack`, a span of its own: the device acks after rendering,
   * so the ack is not part of the time the user waits for the page). The device's next read waits
   * for both.
   */
  private async readOnDevice(e: ReadEvent, s: UserState, device: number, crash: boolean): Promise<void> {
    const got = await this.readShown(e, s, device);
    const c = this.d.counters();
    if (crash && got.length > 0) {
      c.crashes++;
      s.generation[device]++;
      return;
    }
    const { tracer, settings, cache } = this.d;
    // Not `c.acked += await ...`: that reads the counter before the await and loses concurrent updates.
    const ackedNow = await tracer.span('graph.ack', undefined, (span) => cache.ack(e.user, device, got.map((it) => it.id), span));
    this.d.counters().acked += ackedNow;
    const acked = s.acked[device];
    for (const it of got) acked.add(it.id);
    for (const id of acked) {
      if (acked.size <= 4 * settings.streamMaxLen) break;
      acked.delete(id);
    }
  }

  /** The page a device shows (entries with their bodies fetched), not acked yet. */
  private async readShown(e: ReadEvent, s: UserState, device: number): Promise<StreamEntry[]> {
    const n = this.d.pageSize;
    const { tracer, settings } = this.d;
    return tracer.span('graph.read', undefined, async (span) => {
      const c = this.d.counters();
      c.reads++;
      let refreshed = false;
      const consumer = `device-${device}.${s.generation[device]}`;
      let got: StreamEntry[];
      if (this.d.now() - s.lastRefreshMs >= settings.refreshAfterSec * 1000 || s.lastRefreshMs === -Infinity) {
        const r = await this.refresh(e.user, span, { device, consumer, count: n, minIdleMs: CLAIM_MIN_IDLE_MS });
        refreshed = true;
        got = r ? this.taken(r) : await this.readPage(e.user, device, consumer, n, true, span);
      } else {
        got = await this.readPage(e.user, device, consumer, n, true, span);
      }
      if (got.length < n && !refreshed) {
        c.shortPages++;
        await this.refresh(e.user, span);
        // No XAUTOCLAIM this time: it would hand this consumer its own unacked first page again.
        got = got.concat(await this.readPage(e.user, device, consumer, n - got.length, false, span));
      }
      const nowEpoch = this.d.epochMs + this.d.now();
      const acked = s.acked[device];
      for (const it of got) {
        if (acked.has(it.id)) c.duplicatesAfterAck++;
        if (it.expMs < nowEpoch) c.expired++;
        else c.delivered++;
      }
      await this.fetchBodies(got.filter((it) => it.expMs >= nowEpoch).map((it) => it.postId), span);
      return got;
    });
  }

  /** What the client renders: the page's item bodies, one HMGET per hash shard in one pipeline. */
  private async fetchBodies(postIds: number[], parent: Span): Promise<void> {
    if (postIds.length === 0) return;
    const byShard = new Map<string, string[]>();
    for (const id of postIds) {
      const key = this.d.bodyKey(id);
      byShard.set(key, [...(byShard.get(key) ?? []), String(id)]);
    }
    const cmds: RedisCommand[] = [...byShard].map(([key, ids]) => ['HMGET', key, ...ids]);
    const res = await this.d.tracer.span('graph.cache.bodies', parent, (span) => tracedBatch(this.d.tracer, span, 'HMGET', () => pipelineValues(this.d.transport, cmds, 'HMGET')));
    for (const values of res as (string | null)[][]) for (const v of values) if (v === null) this.d.counters().missingBodies++;
  }

  private async readPage(user: number, device: number, consumer: string, n: number, claim: boolean, parent: Span): Promise<StreamEntry[]> {
    return this.d.tracer.span('graph.cache.read', parent, async (span) => this.taken(await this.d.cache.read(user, device, consumer, n, claim ? CLAIM_MIN_IDLE_MS : null, span)));
  }

  /** A read's entries, the reclaimed ones first (counted). */
  private taken(r: DeviceRead): StreamEntry[] {
    this.d.counters().reclaimed += r.reclaimed.length;
    return [...r.reclaimed, ...r.fresh];
  }
}
