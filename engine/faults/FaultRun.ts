/**
 * A scenario's faults while it plays: the schedule (FaultSchedule.ts) on the player's clock, each
 * kind applied to the real thing (faultKinds.ts), the models' connections through the fault proxy
 * with reconnects and backoff (ResilientTransport.ts; on a cluster a proxy per node and the cluster
 * transport's own backoff, clusterFaults.ts), and the account of every event (EventAccount.ts).
 *
 * The engine calls `advance(tMs)` before each tick and runs the tick's model calls through
 * `guard`: a call that fails is counted by its error code instead of failing the run. A write
 * (post, follow, unfollow, interaction) that failed on a connection or a closed store is replayed
 * later with backoff, as a job queue would (Mastodon's Sidekiq retries); a read is not (its user
 * saw an error). When Redis comes back empty after a redisKill, each model rebuilds from its system
 * of record (model.rebuild) and the writes still waiting for a replay are superseded by it.
 * `finish()` ends what is still active, replays what waits and checks that every acknowledged
 * post is still where it was written (acknowledgedLost).
 */
import type { ActiveFault, ClusterFaultView, FaultsReport, FaultWindowReport, RebuildReport } from '../api/faults.js';
import { errorInfo, FeedscopeError } from '../errors.js';
import type { FeedModel, RebuildFigures } from '../model.js';
import { POST_INDEX_LIMIT, type TickGuard, type TickOp } from '../player/applyTick.js';
import type { RedisHandle } from '../redis/connect.js';
import type { ClusterTransport } from '../redis/transport/ClusterTransport.js';
import { openTransport } from '../redis/transport/open.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { SimEvent } from '../scenario/events.js';
import { faultSchedule } from '../scenario/faultsSchema.js';
import type { Scenario } from '../scenario/schema.js';
import { ClusterFaultNet } from './clusterFaults.js';
import { EventAccount } from './EventAccount.js';
import { checkFaultTargets, endFault, startFault, type FaultTargets } from './faultKinds.js';
import { FaultSchedule, faultView, type FaultState } from './FaultSchedule.js';
import { FAULT_COMMAND_TIMEOUT_MS, openFaultyRedis, type FaultyRedis } from './faultyRedis.js';
import { isConnectionError } from '../redis/transport/backoff.js';
import { ResilientTransport } from './ResilientTransport.js';

/** Tries of a failed write before it counts as failed (the first try included). */
export const MAX_WRITE_TRIES = 8;
/** Wait before a write's second try, doubled each time up to RETRY_MAX_MS (wall ms). */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2000;
/** A model call fails with OPERATION_TIMEOUT after this many command timeouts (and at least the minimum, ms). */
const OPERATION_DEADLINE_FACTOR = 8;
const OPERATION_DEADLINE_MIN_MS = 4000;
/** How long finish() keeps replaying writes once every fault is over (wall ms). */
const FINISH_RETRY_BUDGET_MS = 15_000;

const WRITE_OPS: ReadonlySet<TickOp> = new Set(['post', 'follow', 'unfollow', 'interact']);
const RETRYABLE_CODES = new Set(['GRAPH_STORE_CLOSED', 'REDIS_CLUSTER_DOWN']);

interface Retry {
  model: FeedModel;
  op: TickOp;
  e: SimEvent;
  call: () => Promise<void>;
  tries: number;
  nextAt: number;
  lastCode: string;
}

interface FaultFigures {
  applyMs: number;
  recoverMs: number;
  error: { code: string; message: string } | null;
  rebuilt: RebuildReport[];
}

export class FaultRun {
  private readonly schedule: FaultSchedule;
  private readonly account: EventAccount;
  private readonly transports: ResilientTransport[] = [];
  private readonly clusterTransports: ClusterTransport[] = [];
  private readonly retries: Retry[] = [];
  private readonly figures: FaultFigures[];
  /** Post ids whose write each model acknowledged (onPost resolved, or rebuilt from the posts table). */
  private readonly acked = new Map<FeedModel, number[]>();
  private models: () => readonly FeedModel[] = () => [];
  private tMs = 0;
  private checked: { checked: number; lost: number; where: string[] } = { checked: 0, lost: 0, where: [] };
  private readonly notes: string[] = [];

  private constructor(
    private readonly direct: RedisHandle,
    /** One server: the proxy in front of it and the client through it; null on a cluster. */
    private readonly faulty: FaultyRedis | null,
    /** A cluster: a proxy per node, the kills and partitions; null on one server. */
    private readonly net: ClusterFaultNet | null,
    scenario: Scenario,
    readonly commandTimeoutMs: number,
  ) {
    const specs = faultSchedule(scenario.faults, scenario.workload.durationSec);
    this.schedule = new FaultSchedule(specs);
    this.account = new EventAccount(this.schedule.all.map((f) => ({ startMs: f.startMs, endMs: f.endMs })));
    this.figures = specs.map(() => ({ applyMs: 0, recoverMs: 0, error: null, rebuilt: [] }));
  }

  /** Opens the fault proxy and its client in front of the run's one server. */
  static async open(direct: RedisHandle, scenario: Scenario, timeoutMs?: number): Promise<FaultRun> {
    // The static delay of before keeps the transports' own timeout (its point: nothing times out).
    const commandTimeoutMs = timeoutMs ?? (Array.isArray(scenario.faults) ? FAULT_COMMAND_TIMEOUT_MS : DEFAULT_COMMAND_TIMEOUT_MS);
    const faulty = direct.cluster ? null : await openFaultyRedis(direct, scenario.seed, commandTimeoutMs);
    const net = direct.cluster ? await ClusterFaultNet.open(direct.cluster, scenario.seed) : null;
    const run = new FaultRun(direct, faulty, net, scenario, commandTimeoutMs);
    try {
      const specs = run.schedule.all.map((f) => f.spec);
      checkFaultTargets(specs, run.targets());
      if (specs.some((f) => f.kind === 'clusterNodeKill')) await net?.fastFailover();
    } catch (err) {
      await faulty?.close();
      await net?.close();
      throw err;
    }
    return run;
  }

  /** The client through the proxy (with the command timeout): what the engine samples during the run. */
  get redisHandle(): RedisHandle {
    // On a cluster the memory figures come from the nodes' admin connections (ClusterRun), not this client.
    return this.faulty?.handle ?? this.direct;
  }

  /** A transport for one model, through the proxy (a proxy per node on a cluster), that reconnects. */
  async transport(): Promise<RedisTransport> {
    if (this.net) {
      const c = await this.direct.cluster!.openTransport(this.commandTimeoutMs, { seeds: this.net.seeds, addressMap: this.net.addressMap });
      this.clusterTransports.push(c);
      return c;
    }
    const faulty = this.faulty!;
    const t = await ResilientTransport.create(() => openTransport(faulty.handle.client, { commandTimeoutMs: this.commandTimeoutMs }));
    this.transports.push(t);
    return t;
  }

  /** The loaded models (graphStoreStop and the rebuilds act on them). */
  bind(models: () => readonly FeedModel[]): void {
    this.models = models;
  }

  private targets(): FaultTargets {
    return {
      proxy: this.faulty?.proxy ?? null,
      server: this.direct.server,
      cluster: this.net,
      models: () => this.models(),
      rebuild: () => this.rebuild(),
    };
  }

  /** The cluster faults so far, for the Cluster tab (none on one server). */
  readonly clusterFaults = (): ClusterFaultView[] => this.net?.views(this.schedule.all) ?? [];

  /** Faults active now, for frames, the status bar and the CLI. */
  active(): ActiveFault[] {
    return this.schedule.active();
  }

  /** Before the tick that starts at simulated `tMs`: faults start and end, due writes are replayed. */
  async advance(tMs: number): Promise<void> {
    this.tMs = tMs;
    const { starting, ending } = this.schedule.advance(tMs);
    for (const f of starting) await this.apply(f, 'start');
    for (const f of ending) await this.apply(f, 'end');
    await this.replayDue(false);
  }

  private async apply(f: FaultState, what: 'start' | 'end'): Promise<void> {
    const fig = this.figures[f.index];
    const t0 = performance.now();
    try {
      if (what === 'start') await startFault(this.targets(), f.spec, f.index);
      else fig.rebuilt.push(...(await endFault(this.targets(), f.spec, f.index)));
    } catch (err) {
      fig.error ??= errorInfo(err);
    } finally {
      if (what === 'start') fig.applyMs = performance.now() - t0;
      else fig.recoverMs = performance.now() - t0;
    }
  }

  /** Runs one model call of a tick: timed, counted, and for writes replayed on a connection error. */
  readonly guard: TickGuard = async (model, op, e, call) => {
    const name = `${model.name}.${op}`;
    const t0 = performance.now();
    try {
      await this.withDeadline(call(), name);
      this.account.sample(name, e?.t ?? this.tMs, performance.now() - t0, true);
      if (e) {
        this.account.applied(name);
        if (e.kind === 'post') this.ack(model, e.id);
      }
    } catch (err) {
      this.account.sample(name, e?.t ?? this.tMs, performance.now() - t0, false);
      const code = codeOf(err);
      if (!e) {
        this.account.backgroundFailed(code);
        return;
      }
      if (WRITE_OPS.has(op) && retryable(err)) this.retries.push({ model, op, e, call, tries: 1, nextAt: performance.now() + RETRY_FIRST_MS, lastCode: code });
      else this.account.failed(name, code);
    }
  };

  /**
   * No call may hang the run: one that has not settled after OPERATION_DEADLINE_FACTOR command
   * timeouts fails with OPERATION_TIMEOUT (what it waits for is left to settle, its result unused).
   */
  private withDeadline<T>(p: Promise<T>, name: string): Promise<T> {
    const ms = Math.max(OPERATION_DEADLINE_MIN_MS, OPERATION_DEADLINE_FACTOR * this.commandTimeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const note = `${name}: a call did not settle within ${ms} ms and was counted as OPERATION_TIMEOUT.`;
        if (this.notes.length < 10 && !this.notes.includes(note)) this.notes.push(note);
        reject(new FeedscopeError('OPERATION_TIMEOUT', `${name} did not finish within ${ms} ms (${OPERATION_DEADLINE_FACTOR} command timeouts): counted as failed, the run goes on.`));
      }, ms);
    });
    p.catch(() => undefined);
    return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
  }

  /** A model's background failure (a fan-out chunk): counted, the run goes on. */
  background(err: unknown): void {
    const e = errorInfo(err);
    this.account.backgroundFailed(e.code);
    // An error without a code of ours is a gap in the typing: say which, once per message.
    const note = `background error without a code (counted as INTERNAL): ${e.message}`;
    if (e.code === 'INTERNAL' && this.notes.length < 10 && !this.notes.includes(note)) this.notes.push(note);
  }

  private ack(model: FeedModel, postId: number): void {
    let ids = this.acked.get(model);
    if (!ids) this.acked.set(model, (ids = []));
    ids.push(postId);
    // Only the newest posts can be checked (the post index keeps POST_INDEX_LIMIT): keep those.
    if (ids.length > 2 * POST_INDEX_LIMIT) ids.splice(0, ids.length - POST_INDEX_LIMIT);
  }

  /** Replays the writes that are due (all of them, waiting for each, when `all`). */
  private async replayDue(all: boolean): Promise<void> {
    const now = performance.now();
    const due = all ? this.retries.splice(0) : this.retries.filter((r) => r.nextAt <= now);
    if (!all) for (const r of due) this.retries.splice(this.retries.indexOf(r), 1);
    for (const r of due) {
      const name = `${r.model.name}.${r.op}`;
      try {
        await this.withDeadline(r.call(), name);
        this.account.retried(name);
        if (r.e.kind === 'post') this.ack(r.model, r.e.id);
      } catch (err) {
        r.tries++;
        r.lastCode = codeOf(err);
        if (r.tries >= MAX_WRITE_TRIES || !retryable(err)) this.account.failed(name, r.lastCode);
        else {
          r.nextAt = performance.now() + Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (r.tries - 1));
          this.retries.push(r);
        }
      }
    }
  }

  /** Redis came back empty: each model rebuilds; the writes waiting for a replay are in the rebuild. */
  private async rebuild(): Promise<RebuildFigures[]> {
    const out: RebuildFigures[] = [];
    if (this.unloading) return out;
    for (const m of this.models()) {
      if (!m.rebuild) continue;
      for (let i = this.retries.length - 1; i >= 0; i--) {
        const r = this.retries[i];
        if (r.model !== m) continue;
        this.retries.splice(i, 1);
        this.account.rebuilt(`${m.name}.${r.op}`);
        if (r.e.kind === 'post') this.ack(m, r.e.id);
      }
      out.push(await untilConnected(() => m.rebuild!()));
    }
    return out;
  }

  /**
   * The run's last tick is done: undoes what is still active, replays the waiting writes until they
   * land (or FINISH_RETRY_BUDGET_MS passes), drains the models and checks the acknowledged posts.
   */
  async finish(): Promise<void> {
    for (const f of this.schedule.endAll(this.tMs)) await this.apply(f, 'end');
    const deadline = performance.now() + FINISH_RETRY_BUDGET_MS;
    while (this.retries.length > 0 && performance.now() < deadline) {
      const next = Math.min(...this.retries.map((r) => r.nextAt));
      const wait = Math.max(0, next - performance.now());
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await this.replayDue(false);
    }
    for (const r of this.retries.splice(0)) this.account.failed(`${r.model.name}.${r.op}`, r.lastCode);
    for (const m of this.models()) await this.guard(m, 'drain', null, () => m.drain());
    const checked = { checked: 0, lost: 0, where: [] as string[] };
    for (const m of this.models()) {
      if (!m.checkAcknowledged) continue;
      try {
        const c = await m.checkAcknowledged(this.acked.get(m) ?? []);
        checked.checked += c.checked;
        checked.lost += c.lost;
        checked.where.push(`${m.name}: ${c.where}`);
      } catch (err) {
        this.notes.push(`${m.name}: the check of acknowledged posts failed (${errorInfo(err).message}); they are counted as lost.`);
        checked.lost += this.acked.get(m)?.length ?? 0;
      }
    }
    this.checked = checked;
  }

  report(): FaultsReport {
    const all = [...this.transports.map((t) => t.stats), ...this.clusterTransports.map((t) => t.resilience)];
    const stats = all.reduce((a, t) => ({ reconnects: a.reconnects + t.reconnects, connectionFailures: a.connectionFailures + t.connectionFailures, failedFast: a.failedFast + t.failedFast }), { reconnects: 0, connectionFailures: 0, failedFast: 0 });
    const p = this.faulty?.proxy.stats ?? this.net!.proxyStats();
    const schedule: FaultWindowReport[] = this.schedule.all.map((f) => {
      const fig = this.figures[f.index];
      return {
        ...faultView(f),
        appliedAtMs: f.appliedAtMs,
        endedAtMs: f.endedAtMs,
        applyMs: round(fig.applyMs),
        recoverMs: round(fig.recoverMs),
        error: fig.error,
        rebuilt: fig.rebuilt.map((r) => ({ ...r, ms: round(r.ms) })),
        phases: this.account.phaseFigures(f.index),
        ...(this.net?.report(f.index) ? { cluster: this.net.report(f.index)! } : {}),
      };
    });
    return {
      schedule,
      events: this.account.totals(),
      byOperation: Object.fromEntries([...this.account.byOperation].sort(([a], [b]) => a.localeCompare(b))),
      background: Object.fromEntries(this.account.background),
      acknowledged: { checked: this.checked.checked, where: this.checked.where },
      acknowledgedLost: this.checked.lost,
      connections: stats,
      proxy: { connections: p.connections, drops: p.drops, spikes: p.spikes, maxHoldMs: round(p.maxHoldMs) },
      redisRestarts: (this.direct.server?.restarts ?? 0) + (this.direct.cluster?.server?.restarts ?? 0),
      commandTimeoutMs: this.commandTimeoutMs,
      notes: [
        'Operations are one per model and event; a write that failed on a lost connection or a closed store was replayed with backoff (retried), up to 8 tries; reads are not replayed.',
        'After a redisKill the server restarts empty; each model rebuilds from its system of record (rebuilt), and writes still waiting for a replay are superseded by that rebuild.',
        ...(this.net ? [CLUSTER_NOTE] : []),
        ...this.notes,
      ],
    };
  }

  /**
   * The run is being unloaded: undoes the faults still active (a killed server restarted, a paused
   * one continued, a stopped store reopened), without rebuilding anything.
   */
  async undo(): Promise<void> {
    this.unloading = true;
    for (const f of this.schedule.endAll(this.tMs)) await this.apply(f, 'end').catch(() => undefined);
  }

  private unloading = false;
  /** Undoes what is still active and closes the transports and the proxy. */
  async close(): Promise<void> {
    await this.undo();
    for (const t of this.transports.splice(0)) await t.close().catch(() => undefined);
    await this.faulty?.close();
    await this.net?.close();
  }
}

/** Wall ms a rebuild keeps trying while the models' connections come back (they may be backing off). */
const REBUILD_BUDGET_MS = 10_000;

/** Runs `fn`, again after a backoff while it fails on a connection error, within REBUILD_BUDGET_MS. */
async function untilConnected<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + REBUILD_BUDGET_MS;
  for (let wait = RETRY_FIRST_MS; ; wait = Math.min(RETRY_MAX_MS, wait * 2)) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err) || performance.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

const CLUSTER_NOTE =
  'Cluster: the models reach each node through a proxy of their own (a partition refuses one node\'s; the cluster bus is untouched). A killed master\'s replica is promoted by the cluster itself; until then every slot answers CLUSTERDOWN (cluster-require-full-coverage yes). Replication is asynchronous: a write the killed master acknowledged and had not yet replicated (unreplicatedBytes) is lost by the failover and counted in acknowledgedLost.';

/** The error a call failed with, seen through a pipeline's wrapper (REDIS_COMMAND_FAILED caused by a typed error). */
function inner(err: unknown): unknown {
  return err instanceof FeedscopeError && err.code === 'REDIS_COMMAND_FAILED' && err.cause instanceof FeedscopeError ? err.cause : err;
}

function codeOf(err: unknown): string {
  return errorInfo(inner(err)).code;
}

function retryable(err: unknown): boolean {
  const e = inner(err);
  return isConnectionError(e) || (e instanceof FeedscopeError && RETRYABLE_CODES.has(e.code));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
