/**
 * A scenario playing on a Redis Cluster: the per-node figures frames and report.json show, the
 * live reshards (scheduled by the scenario or the CLI, or started from the app) with their cost
 * and the redirects they caused, and latency before, during and after each move (Tracer phases).
 *
 * Who owns what: the engine owns the cluster connection and the models' transports and hands them
 * in; this class only reads them, starts reshards one at a time in the background (the scenario
 * keeps playing while slots move: that is what makes clients meet MOVED and ASK) and keeps the views.
 */
import type { ClusterFaultView, ClusterNodeView, ClusterView, RedirectCounts, ReshardView } from '../api.js';
import { FeedscopeError } from '../errors.js';
import type { ClusterConnection } from '../redis/clusterConnect.js';
import type { ClusterRouteStats, ClusterTransport } from '../redis/transport/ClusterTransport.js';
import type { ReshardSpec } from '../scenario/schema.js';
import type { Tracer } from '../trace/Tracer.js';
import calculateSlot from 'cluster-key-slot';
import type { KeySpace } from '../redis/keys.js';

/** Users whose keys the co-location check looks at. */
const COLOCATION_SAMPLE = 1000;
/** A node is marked hot when its ops/s exceed the mean by this factor. */
const HOT_FACTOR = 1.5;
/** Operations whose p99 a reshard view compares. */
const P99_OPERATIONS = ['timeline.fanoutWrite', 'timeline.readOffset', 'timeline.readCursor', 'timeline.pullRead', 'timeline.hybridRead', 'graph.read'];

interface Running {
  view: ReshardView;
  done: Promise<void>;
  redirectsAtStart: RedirectCounts;
}

export class ClusterRun {
  private nodes: ClusterNodeView[] = [];
  private readonly reshards: ReshardView[] = [];
  private running: Running | null = null;
  private queue: Promise<void> = Promise.resolve();
  private nextScheduled = 0;
  private readonly scheduled: ReshardSpec[];

  constructor(
    private readonly conn: ClusterConnection,
    private readonly transports: readonly ClusterTransport[],
    private readonly tracer: Tracer,
    private readonly keys: KeySpace,
    scheduled: readonly ReshardSpec[],
    private readonly onError: (err: unknown) => void,
  ) {
    this.scheduled = [...scheduled].sort((a, b) => a.atSec - b.atSec);
    for (const s of this.scheduled) this.reshards.push(pendingView(this.reshards.length, s.atSec, s));
  }

  /** t=0: latency counts toward "before the first reshard" from now on (call after the tracer's reset). */
  begin(): void {
    this.tracer.setPhase('before:0');
  }

  /** Starts the scheduled reshards whose time has come (simulated ms). */
  onTick(tMs: number): void {
    while (this.nextScheduled < this.scheduled.length && this.scheduled[this.nextScheduled].atSec * 1000 <= tMs) {
      const view = this.reshards[this.nextScheduled++];
      this.start(view, tMs).catch((err) => this.onError(err));
    }
  }

  /** A reshard from the app or the API: queued behind any running one; resolves when it is done. */
  async reshardNow(o: { slots: number; from: number; to: number }, tMs: number): Promise<ReshardView> {
    const view = pendingView(this.reshards.length, null, o);
    this.reshards.push(view);
    await this.start(view, tMs);
    return { ...view };
  }

  private start(view: ReshardView, tMs: number): Promise<void> {
    const run = this.queue.then(() => this.move(view, tMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async move(view: ReshardView, tMs: number): Promise<void> {
    if (view.from >= this.conn.masters.length || view.to >= this.conn.masters.length) {
      view.state = 'failed';
      view.error = `the cluster has masters 0 to ${this.conn.masters.length - 1}: a reshard from ${view.from} to ${view.to} cannot run`;
      throw new FeedscopeError('RESHARD_BAD_NODE', `Reshard ${view.index}: ${view.error}. Fix "redis.reshards" (or --reshard-at) or run with more nodes (--cluster N).`);
    }
    view.state = 'running';
    view.startedAtMs = tMs;
    this.tracer.setPhase(`during:${view.index}`);
    const redirectsAtStart = this.redirectTotals();
    // The previous reshard's redirects end where this one's begin.
    if (this.lastStarted) this.lastStarted.view.redirects = minus(redirectsAtStart, this.lastStarted.redirectsAtStart);
    const running: Running = { view, done: Promise.resolve(), redirectsAtStart };
    this.running = running;
    try {
      const r = await this.conn.reshard({ slots: view.slots, from: view.from, to: view.to }, (p) => Object.assign(view, { slotsDone: p.slotsDone, keysMoved: p.keysMoved, bytesMoved: p.bytesMoved }));
      Object.assign(view, { state: 'done', slotsDone: r.slotsMoved, durationMs: r.durationMs, keysMoved: r.keysMoved, bytesMoved: r.bytesMoved, migrateCalls: r.migrateCalls, migrateMeanUs: r.migrateMeanUs });
      // Clients learn the new owners from MOVED; refreshing their maps now would hide that.
    } catch (err) {
      view.state = 'failed';
      view.error = (err as Error).message;
      throw err;
    } finally {
      this.tracer.setPhase(`after:${view.index}`);
      this.running = null;
      this.lastStarted = running;
    }
  }

  private lastStarted: Running | null = null;
  /** A fault run's cluster faults (set by RunIo when the scenario has faults). */
  faultViews: (() => ClusterFaultView[]) | null = null;

  /** Waits for a reshard in progress (end of run, unload). */
  async drain(): Promise<void> {
    await this.queue;
  }

  private redirectTotals(): RedirectCounts {
    const t: RedirectCounts = { moved: 0, ask: 0, tryAgain: 0 };
    for (const s of this.routeStats()) {
      t.moved += s.moved;
      t.ask += s.ask;
      t.tryAgain += s.tryAgain;
    }
    return t;
  }

  private routeStats(): ClusterRouteStats[] {
    return this.transports.flatMap((t) => t.nodeStats());
  }

  /** Reads every master's figures (about once a second while playing). */
  async sample(): Promise<void> {
    const stats = await this.conn.nodeStats();
    const routes = new Map<string, ClusterRouteStats>();
    for (const r of this.routeStats()) {
      const s = routes.get(r.node) ?? { node: r.node, commands: 0, fanoutZadds: 0, moved: 0, ask: 0, tryAgain: 0, clusterDown: 0 };
      s.commands += r.commands;
      s.fanoutZadds += r.fanoutZadds;
      s.moved += r.moved;
      s.ask += r.ask;
      s.tryAgain += r.tryAgain;
      s.clusterDown += r.clusterDown;
      routes.set(r.node, s);
    }
    // In the connection's order: master i stays master i across reshards.
    const index = new Map(this.conn.masters.map((m, i) => [m.id, i]));
    const masters = stats.filter((s) => s.role === 'master' && index.has(s.id)).sort((a, b) => index.get(a.id)! - index.get(b.id)!);
    const meanOps = masters.reduce((a, s) => a + s.opsPerSec, 0) / Math.max(1, masters.length);
    const maxOps = Math.max(0, ...masters.map((s) => s.opsPerSec));
    this.nodes = masters.map((s) => {
      const node = `${s.host}:${s.port}`;
      const r = routes.get(node);
      return {
        id: s.id, node, port: s.port, slots: s.slots, slotCount: s.slotCount, keys: s.keys, usedMemoryBytes: s.usedMemoryBytes, opsPerSec: s.opsPerSec,
        commands: r?.commands ?? 0, fanoutZadds: r?.fanoutZadds ?? 0,
        redirects: { moved: r?.moved ?? 0, ask: r?.ask ?? 0, tryAgain: r?.tryAgain ?? 0 },
        ...(r?.clusterDown ? { clusterDown: r.clusterDown } : {}),
        hot: masters.length > 1 && meanOps > 0 && s.opsPerSec === maxOps && s.opsPerSec > HOT_FACTOR * meanOps,
      };
    });
  }

  /** Which users' keys span masters (the slot map now), over the first COLOCATION_SAMPLE users. */
  private colocation(): ClusterView['colocation'] {
    let split = 0;
    let example: string | null = null;
    const masterOf = (key: string): number => {
      const slot = calculateSlot(key);
      return this.conn.masters.findIndex((m) => m.slots.some(([a, b]) => slot >= a && slot <= b));
    };
    for (let u = 0; u < COLOCATION_SAMPLE; u++) {
      const keys = [this.keys.timeline(u), this.keys.outbox(u), this.keys.feedStream(u)];
      const where = keys.map(masterOf);
      if (new Set(where).size > 1) {
        split++;
        example ??= keys.map((k, i) => `${k} on master ${where[i]}`).join(', ');
      }
    }
    return { users: COLOCATION_SAMPLE, split, example };
  }

  get masterCount(): number {
    return this.conn.masters.length;
  }

  /** The master (index) that holds the user's timeline now, for colouring the follow graph by shard. */
  shardOfUser(user: number): number {
    const slot = calculateSlot(this.keys.timeline(user));
    return this.conn.masters.findIndex((m) => m.slots.some(([a, b]) => slot >= a && slot <= b));
  }

  /** used_memory summed over the masters (the run's Redis memory). */
  usedMemoryBytes(): number {
    return this.nodes.reduce((a, n) => a + n.usedMemoryBytes, 0);
  }

  view(): ClusterView {
    const totals = this.redirectTotals();
    const reshards = this.reshards.map((r, i) => {
      const v: ReshardView = { ...r, p99Ms: { before: this.p99(i === 0 ? 'before:0' : `after:${i - 1}`), during: this.p99(`during:${i}`), after: this.p99(`after:${i}`) } };
      const next = this.reshards[i + 1];
      if (r.state !== 'pending' && (!next || next.state === 'pending')) {
        // The latest reshard: redirects since it started.
        const start = this.running?.view === r ? this.running.redirectsAtStart : this.lastStarted?.view === r ? this.lastStarted.redirectsAtStart : null;
        if (start) v.redirects = minus(totals, start);
      }
      return v;
    });
    return { label: this.conn.label, hashTags: this.keys.hashTags, nodes: this.nodes.map((n) => ({ ...n })), reshards, fanoutZadds: this.routeStats().reduce((a, s) => a + s.fanoutZadds, 0), colocation: this.colocation(), ...(this.faultViews ? { faults: this.faultViews() } : {}) };
  }

  private p99(phase: string): Record<string, number> {
    const s = this.tracer.phaseSummary(phase);
    const out: Record<string, number> = {};
    for (const op of P99_OPERATIONS) if (s[op]) out[op] = s[op].p99Ms;
    return out;
  }
}

function minus(a: RedirectCounts, b: RedirectCounts): RedirectCounts {
  return { moved: a.moved - b.moved, ask: a.ask - b.ask, tryAgain: a.tryAgain - b.tryAgain };
}

function pendingView(index: number, atSec: number | null, o: { slots: number; from: number; to: number }): ReshardView {
  return {
    index, atSec, from: o.from, to: o.to, slots: o.slots, slotsDone: 0, state: 'pending', startedAtMs: null, durationMs: null, keysMoved: 0, bytesMoved: 0, migrateCalls: 0, migrateMeanUs: null,
    redirects: { moved: 0, ask: 0, tryAgain: 0 }, p99Ms: { before: {}, during: {}, after: {} }, error: null,
  };
}
