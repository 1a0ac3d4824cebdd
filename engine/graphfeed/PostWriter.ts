/**
 * The graph model's write path for posts: posts are queued and written to the graph store in
 * batches (a tick's posts in one UNWIND), their bodies into `bodyShards` hashes in one pipeline.
 * Everything that reads the store flushes the queue first (`flush`), so a read sees
 * every post before it, as if each had been written on arrival. One batch is in flight at a time.
 */
import type { GraphStore } from '../backends/GraphStore.js';
import type { KeySpace } from '../redis/keys.js';
import type { RedisTransport } from '../redis/transport/RedisTransport.js';
import type { PostEvent } from '../scenario/events.js';
import { tracedBatch } from '../trace/redisOps.js';
import type { Tracer } from '../trace/Tracer.js';
import type { GraphCounters } from './counters.js';

export interface PostWriterDeps {
  store: GraphStore;
  transport: RedisTransport;
  keys: KeySpace;
  tracer: Tracer;
  bodyShards: number;
  epochMs: number;
  counters: () => GraphCounters;
}

/** Post ids remembered by trackWritten, the newest ones (FaultRun checks at most the post index's 500,000). */
const WRITTEN_WINDOW = 1_000_000;

export class PostWriter {
  private pending: PostEvent[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly d: PostWriterDeps) {}

  bodyKey(postId: number): string {
    return this.d.keys.postBody(postId % this.d.bodyShards);
  }

  /** Every body hash shard's key. */
  bodyKeys(): string[] {
    return Array.from({ length: this.d.bodyShards }, (_, s) => this.d.keys.postBody(s));
  }

  add(e: PostEvent): void {
    this.pending.push(e);
  }

  /** Writes the queued posts, one batch in flight at a time; resolves once the queue is empty. */
  async flush(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      if (!this.flushing) {
        const batch = this.pending;
        this.pending = [];
        this.flushing = this.write(batch).finally(() => {
          this.flushing = null;
        });
      }
      await this.flushing;
    }
  }

  /** Drops what is queued and waits for the batch in flight (reset, close). */
  async discard(): Promise<void> {
    this.pending = [];
    await this.flushing?.catch(() => undefined);
  }

  /** Ids of the posts the store holds, when tracked (trackWritten): the fault report's check. */
  private written: Set<number> | null = null;
  /** Bodies whose HSET failed (Redis away), written with the next batch. */
  private bodiesPending: PostEvent[] = [];

  trackWritten(): void {
    this.written ??= new Set();
  }

  /** Of `ids`, the ones not in the store (needs trackWritten from the start). */
  missing(ids: readonly number[]): number[] {
    const w = this.written;
    return w ? ids.filter((id) => !w.has(id)) : [];
  }

  /** HSETs bodies of `posts` again (Redis came back empty); returns how many. */
  async rewriteBodies(posts: Iterable<PostEvent>): Promise<number> {
    const all = [...posts];
    for (let i = 0; i < all.length; i += 1000) await this.writeBodies(all.slice(i, i + 1000));
    return all.length;
  }

  private writeBodies(batch: readonly PostEvent[], span?: Parameters<typeof tracedBatch>[1]): Promise<void> {
    const { tracer, transport, epochMs } = this.d;
    const cmds = batch.map((e) => ['HSET', this.bodyKey(e.id), String(e.id), JSON.stringify({ author: e.author, ts: epochMs + e.t, tags: e.tags })] as const);
    return tracedBatch(tracer, span, 'HSET', () => transport.send(cmds, 'HSET', 'interactive'));
  }

  /**
   * One batch: the posts into the graph store, their bodies into the hash shards (one pipeline).
   * A batch the store refused goes back to the head of the queue (the next flush writes it), so
   * a stopped store delays posts but loses none; bodies that Redis refused wait for the next batch.
   */
  private async write(batch: PostEvent[]): Promise<void> {
    const { store, tracer } = this.d;
    await tracer.span('graph.posts', undefined, async (span) => {
      try {
        await store.addPosts(batch, span);
      } catch (err) {
        this.pending = batch.concat(this.pending);
        throw err;
      }
      if (this.written) {
        for (const e of batch) this.written.add(e.id);
        // The check asks about recent posts only (FaultRun keeps the newest acknowledged ids): forget the oldest.
        if (this.written.size > 2 * WRITTEN_WINDOW) for (const id of this.written) if (this.written.size > WRITTEN_WINDOW) this.written.delete(id); else break;
      }
      const c = this.d.counters();
      c.postsWritten += batch.length;
      c.postBatches++;
      const bodies = this.bodiesPending.concat(batch);
      this.bodiesPending = [];
      try {
        await this.writeBodies(bodies, span);
      } catch (err) {
        this.bodiesPending = bodies;
        throw err;
      }
    });
  }
}
