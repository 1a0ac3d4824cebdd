/**
 * The graph model's write path for posts: posts are queued and written to the graph store in
 * batches (a tick's posts in one UNWIND), their bodies into `bodyShards` hashes in one pipeline.
 * Everything that reads or writes the store flushes the queue first (`flush`), so a read sees
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

  /** One batch: the posts into the graph store, their bodies into the hash shards (one pipeline). */
  private async write(batch: PostEvent[]): Promise<void> {
    const { store, tracer, transport, epochMs } = this.d;
    await tracer.span('graph.posts', undefined, async (span) => {
      await store.addPosts(batch, span);
      const cmds = batch.map((e) => ['HSET', this.bodyKey(e.id), String(e.id), JSON.stringify({ author: e.author, ts: epochMs + e.t, tags: e.tags })] as const);
      await tracedBatch(tracer, span, 'HSET', () => transport.send(cmds, 'HSET', 'interactive'));
    });
    const c = this.d.counters();
    c.postsWritten += batch.length;
    c.postBatches++;
  }
}
