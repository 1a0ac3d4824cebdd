/**
 * The inspector commands of the Engine in one place (engine/commands.ts routes to them): the key browser on
 * its own connection to Feedscope's Redis (or REDIS_URL), the skiplist view with a one-key replay
 * cache, and the flame graph views of the engine's tracer.
 */
import type { CommandArgs, FlameView, KeyScanView, KeyView, OffsetCostView, ServerSummary, ZsetInspectView } from '../api.js';
import type { Redis } from 'ioredis';
import type { RedisHandle } from '../redis/connect.js';
import { flameFromFolded, flameFromSpans, flameIndex, foldedLines, toSpeedscope } from '../trace/flame.js';
import type { Tracer } from '../trace/Tracer.js';
import { KeyInspector } from './KeyInspector.js';
import { inspectZset, measureOffsetCost, replayZset, type ZsetReplay } from './zsetInspect.js';

/** A replay stays valid this long while the key's ZCARD is unchanged. */
const REPLAY_TTL_MS = 5000;

export class Inspectors {
  private keys: KeyInspector | null = null;
  private replay: { r: ZsetReplay; at: number } | null = null;

  constructor(
    private readonly redis: () => Promise<RedisHandle>,
    private readonly tracer: Tracer,
  ) {}

  private async inspector(): Promise<KeyInspector> {
    if (!this.keys) {
      const h = await this.redis();
      const cluster = h.cluster;
      this.keys = new KeyInspector(h.duplicate(), h.info.url, cluster ? { masters: () => cluster.masterClients(), clientFor: (key) => cluster.clientFor(key) } : null);
    }
    return this.keys;
  }

  async scanKeys(a: CommandArgs<'scanKeys'>): Promise<KeyScanView> {
    return (await this.inspector()).scan(a);
  }

  async getKey(a: CommandArgs<'getKey'>): Promise<KeyView> {
    return (await this.inspector()).getKey(a);
  }

  async getServerSummary(a: CommandArgs<'getServerSummary'>): Promise<ServerSummary> {
    return (await this.inspector()).serverSummary(a.slowlogEntries);
  }

  async unlockWrites(a: CommandArgs<'unlockWrites'>): Promise<{ writable: boolean; url: string }> {
    return (await this.inspector()).unlockWrites(a.unlock);
  }

  async deleteKey(a: CommandArgs<'deleteKey'>): Promise<{ deleted: number }> {
    this.replay = null;
    return (await this.inspector()).deleteKey(a.key);
  }

  /** The server that holds `key`: the one server, or on a cluster the master of its slot (INFO commandstats there). */
  private async clientFor(key: string): Promise<Redis> {
    const h = await this.redis();
    return h.cluster ? h.cluster.clientFor(key) : h.client;
  }

  private async replayFor(key: string, seed: number): Promise<ZsetReplay> {
    const client = await this.clientFor(key);
    const c = this.replay;
    if (c && c.r.key === key && c.r.seed === seed && performance.now() - c.at < REPLAY_TTL_MS && (await client.zcard(key)) === c.r.length) return c.r;
    const r = await replayZset(client, key, seed);
    this.replay = { r, at: performance.now() };
    return r;
  }

  async inspectZset(a: CommandArgs<'inspectZset'>): Promise<ZsetInspectView> {
    const r = await this.replayFor(a.key, a.seed);
    return inspectZset(await this.clientFor(a.key), a, r);
  }

  async measureOffsetCost(a: CommandArgs<'measureOffsetCost'>): Promise<OffsetCostView> {
    const r = await this.replayFor(a.key, this.replay?.r.key === a.key ? this.replay.r.seed : 1);
    return measureOffsetCost(await this.clientFor(a.key), a, r);
  }

  getFlame(a: CommandArgs<'getFlame'>): FlameView {
    const { models, operations } = flameIndex(this.tracer.foldedMap().keys());
    const filter = { model: a.model, operation: a.operation };
    const spans = this.tracer.recentSpans();
    const root = a.view === 'left-heavy' ? flameFromFolded(this.tracer.foldedMap(), filter) : flameFromSpans(spans, filter);
    const coverage = a.view === 'left-heavy' ? 'self time of every span since t=0 (cumulative), heaviest first' : `the last ${spans.length.toLocaleString('en-US')} spans, in order of first start`;
    return { view: a.view, model: a.model, operation: a.operation, models, operations, root, folded: foldedLines(root), coverage };
  }

  exportFlame(a: CommandArgs<'exportFlame'>): { filename: string; mime: string; text: string } {
    return flameExport(this.tracer, a.format, { model: a.model, operation: a.operation });
  }
}

/** Folded stacks or a speedscope file of a tracer (also used by `feedscope run --report`). */
export function flameExport(tracer: Tracer, format: 'folded' | 'speedscope', filter: { model: string | null; operation: string | null }): { filename: string; mime: string; text: string } {
  const suffix = filter.operation ?? filter.model ?? 'all';
  const cumulative = flameFromFolded(tracer.foldedMap(), filter);
  if (format === 'folded') return { filename: `feedscope-${suffix}.folded.txt`, mime: 'text/plain', text: `${foldedLines(cumulative).join('\n')}\n` };
  const recent = flameFromSpans(tracer.recentSpans(), filter);
  const file = toSpeedscope(`Feedscope (${suffix})`, [
    { name: 'cumulative (all spans, self time)', root: cumulative },
    { name: 'recent spans (time order)', root: recent },
  ]);
  return { filename: `feedscope-${suffix}.speedscope.json`, mime: 'application/json', text: JSON.stringify(file) };
}
