/**
 * The inspector commands of the Engine in one place (engine/commands.ts routes to them): the key browser
 * (KeyBrowser: the scenario's Redis or a server connected from the app, on connections of its
 * own; the saved connections, their passwords kept by the engine), the skiplist view of a key of that server with a one-key replay cache, and the flame graph
 * views of the engine's tracer.
 */
import type { CommandArgs, FlameView, KeyScanView, KeyView, OffsetCostView, ServerSummary, ZsetInspectView } from '../api.js';
import type { Redis } from 'ioredis';
import type { RedisHandle } from '../redis/connect.js';
import { flameFromFolded, flameFromSpans, flameIndex, foldedLines, toSpeedscope } from '../trace/flame.js';
import { flameWindow } from '../trace/flameWindow.js';
import type { Tracer } from '../trace/Tracer.js';
import { KeyBrowser } from './KeyBrowser.js';
import type { KeyInspector } from './KeyInspector.js';
import type { KeyBrowserResults } from './keyBrowserApi.js';
import { SavedConnections, type SavedConnectionsOptions } from './savedConnections.js';
import { dumpKey, renameKey, setKeyTtl, streamAction, streamPending } from './keyWrites.js';
import { inspectZset, measureOffsetCost, replayZset, type ZsetReplay } from './zsetInspect.js';

/** A replay stays valid this long while the key's ZCARD is unchanged. */
const REPLAY_TTL_MS = 5000;

export class Inspectors {
  private replay: { r: ZsetReplay; at: number } | null = null;
  /** The key browser: the scenario's Redis or a server connected from the app (issue 15). */
  readonly keyBrowser: KeyBrowser;

  private saved: SavedConnections | null = null;

  constructor(
    private readonly redis: () => Promise<RedisHandle>,
    private readonly tracer: Tracer,
    /** The scenario's Redis if open (the key browser's header must not start a server). */
    openRedis: () => RedisHandle | null = () => null,
    /** How saved connections are kept (EngineOptions.savedConnections); read at their first use. */
    private readonly savedOptions: () => SavedConnectionsOptions | undefined = () => undefined,
  ) {
    this.keyBrowser = new KeyBrowser(redis, openRedis);
  }

  /** The saved connections: on disk with the front end's vault, else in memory. */
  get savedConnections(): SavedConnections {
    return (this.saved ??= new SavedConnections(this.savedOptions()));
  }

  private inspector(): Promise<KeyInspector> {
    return this.keyBrowser.inspector();
  }

  async close(): Promise<void> {
    await this.keyBrowser.close();
  }

  // ---- the key browser's connection, scan, analysis, writes (issue 15) ----

  connectKeyBrowser = (a: CommandArgs<'connectKeyBrowser'>) => this.keyBrowser.connect(a);
  disconnectKeyBrowser = () => this.keyBrowser.disconnect();
  getKeyBrowserServer = () => this.keyBrowser.server();
  listSavedConnections = () => this.savedConnections.list();
  saveConnection = (a: CommandArgs<'saveConnection'>) => this.savedConnections.save(a.name, a.connect);
  forgetSavedConnection = (a: CommandArgs<'forgetSavedConnection'>) => this.savedConnections.forget(a.name);
  /** The password is decrypted here and goes to the connection only, never into a result. */
  connectSavedConnection = async (a: CommandArgs<'connectSavedConnection'>) => this.keyBrowser.connect(await this.savedConnections.resolve(a.name));
  startKeyScan = (a: CommandArgs<'startKeyScan'>) => this.keyBrowser.startScan(a);
  controlKeyScan = (a: CommandArgs<'controlKeyScan'>) => this.keyBrowser.controlScan(a);
  getKeyScan = async () => this.keyBrowser.getScan();
  listScannedKeys = async (a: CommandArgs<'listScannedKeys'>) => this.keyBrowser.listKeys(a);
  getKeyspaceAnalysis = (a: CommandArgs<'getKeyspaceAnalysis'>) => this.keyBrowser.analysis(a);
  exportKeyspaceAnalysis = (a: CommandArgs<'exportKeyspaceAnalysis'>) => this.keyBrowser.exportAnalysis(a);
  getStringRange = (a: CommandArgs<'getStringRange'>) => this.keyBrowser.stringRange(a);
  profileServer = (a: CommandArgs<'profileServer'>) => this.keyBrowser.profile(a);
  getClientList = () => this.keyBrowser.clients();

  async setKeyTtl(a: CommandArgs<'setKeyTtl'>): Promise<KeyBrowserResults['setKeyTtl']> {
    return setKeyTtl(await this.inspector(), a);
  }

  async renameKey(a: CommandArgs<'renameKey'>): Promise<KeyBrowserResults['renameKey']> {
    const r = await renameKey(await this.inspector(), a);
    this.replay = null;
    this.keyBrowser.forget(a.key);
    return r;
  }

  async dumpKey(a: CommandArgs<'dumpKey'>): Promise<KeyBrowserResults['dumpKey']> {
    return dumpKey(await this.inspector(), a.key);
  }

  async streamAction(a: CommandArgs<'streamAction'>): Promise<KeyBrowserResults['streamAction']> {
    return streamAction(await this.inspector(), a);
  }

  async getStreamPending(a: CommandArgs<'getStreamPending'>): Promise<KeyBrowserResults['getStreamPending']> {
    return streamPending(await this.inspector(), a);
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
    const r = await (await this.inspector()).deleteKey(a.key, a.confirm);
    this.keyBrowser.forget(a.key);
    return r;
  }

  /** The server that holds `key`: the one server, or on a cluster the master of its slot (INFO commandstats there). */
  private async clientFor(key: string): Promise<Redis> {
    return (await this.inspector()).keyClient(key);
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
    const window = a.view === 'time-ordered' ? flameWindow(spans, filter) : undefined;
    return { view: a.view, model: a.model, operation: a.operation, models, operations, root, folded: foldedLines(root), coverage, ...(window !== undefined ? { window } : {}) };
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
