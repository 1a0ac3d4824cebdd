/**
 * The Redis side of one loaded scenario: the keys reset, the delay proxy of a fault scenario, one
 * transport per model (each with its own sockets), and on a cluster the ClusterRun that samples the
 * nodes and runs the reshards. Opened by Engine.load, closed by its unload, in that order.
 */
import { ClusterRun } from '../cluster/ClusterRun.js';
import { FeedscopeError } from '../errors.js';
import { FaultRun } from '../faults/FaultRun.js';
import type { Scenario } from '../scenario/schema.js';
import type { Tracer } from '../trace/Tracer.js';
import type { RedisHandle } from './connect.js';
import { KeySpace } from './keys.js';
import { resetPrefix, transportFor } from './runRedis.js';
import type { ClusterTransport } from './transport/ClusterTransport.js';
import type { RedisTransport } from './transport/RedisTransport.js';

export class RunIo {
  private readonly transports: RedisTransport[] = [];
  cluster: ClusterRun | null = null;

  private constructor(
    private readonly redis: RedisHandle,
    /** The scenario's faults (engine/faults/): the models' connections go through its proxy. */
    readonly faults: FaultRun | null,
    readonly keys: KeySpace,
    private readonly commandTimeoutMs: number | undefined,
  ) {}

  /** Checks what the scenario asks of this Redis, deletes the prefix, opens the fault proxy if any. */
  static async open(redis: RedisHandle, scenario: Scenario, o: { prefix: string; commandTimeoutMs?: number; progress: (stage: string, done: number, total: number) => void }): Promise<RunIo> {
    if (!redis.cluster && scenario.redis.reshards.length > 0) {
      throw new FeedscopeError('RESHARD_NEEDS_CLUSTER', 'The scenario reshards while it plays ("redis.reshards"), which needs a Redis Cluster: run it with --cluster N (or "redis": {"cluster": {"nodes": 3}}).');
    }
    const masters = redis.cluster?.masters.length ?? 0;
    const bad = scenario.redis.reshards.find((r) => Math.max(r.from, r.to) >= masters);
    if (redis.cluster && bad) {
      throw new FeedscopeError('RESHARD_BAD_NODE', `"redis.reshards" moves slots from master ${bad.from} to ${bad.to}, but the cluster has masters 0 to ${masters - 1}: run it with more nodes (--cluster N) or fix the reshards.`);
    }
    o.progress('redis reset', 0, 1);
    await resetPrefix(redis, o.prefix);
    o.progress('redis reset', 1, 1);
    // Scenario faults: the models talk to Redis through the fault proxy (engine/faults/).
    const faults = scenario.faults ? await FaultRun.open(redis, scenario, o.commandTimeoutMs) : null;
    const keys = new KeySpace({ prefix: o.prefix, hashTags: scenario.redis.hashTags ?? redis.cluster !== null });
    return new RunIo(redis, faults, keys, o.commandTimeoutMs);
  }

  /** A transport of its own for one model (closed with the run). */
  async transport(): Promise<RedisTransport> {
    const t = this.faults ? await this.faults.transport() : await transportFor(this.redis, this.commandTimeoutMs);
    this.transports.push(t);
    return t;
  }

  /** On a cluster, once the models are loaded: per-node figures and the scenario's reshards. */
  async startCluster(scenario: Scenario, tracer: Tracer, onError: (err: unknown) => void): Promise<ClusterRun | null> {
    if (!this.redis.cluster) return null;
    this.cluster = new ClusterRun(this.redis.cluster, this.transports as ClusterTransport[], tracer, this.keys, scenario.redis.reshards, onError);
    if (this.faults) this.cluster.faultViews = this.faults.clusterFaults;
    await this.cluster.sample();
    return this.cluster;
  }

  /** After the models closed: waits for a reshard in progress, closes the transports and the proxy. */
  async close(): Promise<void> {
    await this.cluster?.drain().catch(() => undefined);
    for (const t of this.transports.splice(0)) await t.close().catch(() => undefined);
    await this.faults?.close();
  }
}
