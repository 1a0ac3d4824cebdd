/**
 * A graph store kept loaded across a reset (issue 14: "Reset is fast"). Loading scale-100k's 20M
 * follows into LadybugDB takes ~20 s; a reset of the same scenario needs the same starting graph,
 * so the graph model hands its store here instead of closing it, after undoing what the run wrote
 * (posts, interactions: clearEvents; follows and unfollows: restoreFollows), and the next load of
 * the same graph (the same SocialGraph object and store options) takes it back. Anything else
 * (another scenario, the engine closing) closes it. Engine-owned: at most one store is kept.
 */
import type { GraphStore, GraphStoreOptions } from '../backends/GraphStore.js';
import type { SocialGraph } from '../scenario/graph.js';

interface Kept {
  social: SocialGraph;
  options: string;
  store: GraphStore;
}

/** Net follow changes of a run against its starting graph: what restoreFollows undoes. */
export class FollowDelta {
  private readonly changes = new Map<string, { u: number; v: number; kind: 'follow' | 'unfollow' }>();

  /** A follow or unfollow the store applied (only changes: a follow of an existing edge is none). */
  record(kind: 'follow' | 'unfollow', u: number, v: number): void {
    const key = `${u}:${v}`;
    // A second change of the same pair undoes the first: the edge is as it started.
    if (this.changes.has(key)) this.changes.delete(key);
    else this.changes.set(key, { u, v, kind });
  }

  /** The follows to create (the run unfollowed them) and to delete (the run added them). */
  inverse(): { add: [number, number][]; remove: [number, number][] } {
    const add: [number, number][] = [];
    const remove: [number, number][] = [];
    for (const c of this.changes.values()) (c.kind === 'unfollow' ? add : remove).push([c.u, c.v]);
    return { add, remove };
  }

  get size(): number {
    return this.changes.size;
  }

  clear(): void {
    this.changes.clear();
  }
}

export class StoreKeeper {
  private kept: Kept | null = null;
  private armed = false;

  /** The next unload is a reset: the graph model may keep its store. */
  arm(): void {
    this.armed = true;
  }

  /** Whether a store handed over now would be kept (then the model reverts it first). */
  get wanted(): boolean {
    return this.armed;
  }

  /** Takes `store` (already reverted to the starting graph of `social`); closes one kept before. */
  async keep(social: SocialGraph, options: GraphStoreOptions, store: GraphStore): Promise<void> {
    this.armed = false;
    await this.drop();
    this.kept = { social, options: JSON.stringify(options), store };
  }

  /** The kept store when it holds `social` with these options, else null (and the kept one is closed). */
  async take(social: SocialGraph, options: GraphStoreOptions): Promise<GraphStore | null> {
    this.armed = false;
    const k = this.kept;
    if (k && k.social === social && k.options === JSON.stringify(options)) {
      this.kept = null;
      return k.store;
    }
    await this.drop();
    return null;
  }

  /** Closes what is kept (a load of another graph, the engine closing). */
  async drop(): Promise<void> {
    this.armed = false;
    const k = this.kept;
    this.kept = null;
    await k?.store.close().catch(() => undefined);
  }
}
