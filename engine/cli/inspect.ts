/**
 * `feedscope inspect KEY`: one key of a live Redis, as the key browser and the skiplist view see
 * it. Feedscope's private redis-servers stop when a run ends, so the key lives either on a server
 * given by --redis-url / REDIS_URL, or on a private server that `--scenario FILE` plays first.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { KeyDetailsView, OffsetCostView, ZsetInspectView } from '../api.js';
import { Engine } from '../Engine.js';
import { errorInfo, FeedscopeError } from '../errors.js';
import { KeyInspector } from '../inspect/KeyInspector.js';
import { ARTICLE_NOTE, inspectZset, measureOffsetCost, replayZset } from '../inspect/zsetInspect.js';
import { openRedis, type RedisHandle } from '../redis/connect.js';
import { bytes, int, table } from './format.js';
import { parsePrefix } from './prefixOption.js';

interface InspectOptions {
  redisUrl?: string;
  scenario?: string;
  prefix: string;
  json?: boolean;
  offset: number;
  measure?: boolean;
  seed: number;
}

export interface InspectResult {
  key: string;
  type: string;
  encoding: string | null;
  /** Seconds, -1 without expiry (as TTL answers). */
  ttl: number;
  ttlMs: number;
  memoryUsageBytes: number | null;
  entries: number;
  model?: ZsetInspectView['model'] & { expectedEncoding: string; config: ZsetInspectView['config'] };
  offsetCost?: OffsetCostView['rows'];
  server: string;
  notes: string[];
}

const NEEDS_SERVER = [
  'feedscope inspect needs a Redis server that holds the key. Feedscope\'s private redis-servers are gone when a run ends, so either:',
  '  - point it at a server:   feedscope inspect KEY --redis-url redis://127.0.0.1:6379   (or set REDIS_URL)',
  '  - or play a scenario first on a private server and inspect the key at its end:',
  '                            feedscope inspect fs:timeline:0 --scenario sample-graphs/tiny-demo.json',
  '    (keys are named fs:timeline:{user}, fs:outbox:{user}, ...; `KEY` without the prefix works too)',
].join('\n');

function parseIntArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

export function registerInspect(program: Command, env: NodeJS.ProcessEnv, sampleGraphsDir: string): void {
  program
    .command('inspect')
    .description('show a key: type, encoding, TTL, MEMORY USAGE (SAMPLES 0), entries; for a ZSET the skiplist model and its memory estimate')
    .argument('<key>', 'the key (with or without the fs: prefix when --scenario is used)')
    .option('--redis-url <url>', 'the Redis that holds the key (default: $REDIS_URL)')
    .option('--scenario <file>', 'play this scenario on a private redis-server first, then inspect the key there')
    .option('--prefix <prefix>', 'key prefix of the scenario run (ends in ":" or another separator)', parsePrefix, 'fs:')
    .option('--offset <n>', 'ZREVRANGE offset whose skiplist search path is shown', parseIntArg, 0)
    .option('--measure', 'also measure ZREVRANGE latency at offsets 0, 1k, 10k, 100k')
    .option('--seed <n>', 'seed of the model\'s level draws', parseIntArg, 1)
    .option('--json', 'print JSON')
    .action(async (key: string, opts: InspectOptions) => {
      const url = opts.redisUrl ?? env.REDIS_URL ?? undefined;
      if (!url && !opts.scenario) {
        process.stderr.write(`${NEEDS_SERVER}\n`);
        process.exitCode = 2;
        return;
      }
      let engine: Engine | null = null;
      let handle: RedisHandle | null = null;
      try {
        if (opts.scenario) {
          engine = new Engine({ redisUrl: url, prefix: opts.prefix, sampleGraphsDir });
          engine.on((e) => {
            if (e.type === 'status' && e.status.loading) process.stderr.write(`loading: ${e.status.loading.stage} ${e.status.loading.done}/${e.status.loading.total}\n`);
          });
          await engine.loadScenario({ file: opts.scenario });
          await engine.setSpeed('max');
          process.stderr.write(`playing ${opts.scenario} on ${url ? 'REDIS_URL' : 'a private redis-server'}...\n`);
          await engine.runToEnd();
          handle = await engine.redis();
        } else {
          handle = await openRedis({ url });
        }
        const result = await inspectKey(handle, key, opts);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printInspect(result, (s) => process.stdout.write(`${s}\n`));
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exitCode = 1;
      } finally {
        if (engine) await engine.close().catch(() => undefined);
        else await handle?.close().catch(() => undefined);
      }
    });
}

export async function inspectKey(handle: RedisHandle, key: string, opts: Pick<InspectOptions, 'prefix' | 'offset' | 'measure' | 'seed' | 'scenario'>): Promise<InspectResult> {
  const ins = new KeyInspector(handle.client, handle.info.url);
  let d: KeyDetailsView = await ins.details(key);
  if (d.type === 'none' && opts.scenario && !key.startsWith(opts.prefix)) {
    const withPrefix = await ins.details(`${opts.prefix}${key}`);
    if (withPrefix.type !== 'none') d = withPrefix;
  }
  if (d.type === 'none') throw new FeedscopeError('NO_SUCH_KEY', `The key "${key}" does not exist on ${handle.info.url === 'private' ? 'the private server of this run' : handle.info.url}. Check the name (feedscope keys are fs:timeline:{user}, fs:outbox:{user}, ...).`);
  const result: InspectResult = {
    key: d.key,
    type: d.type,
    encoding: d.encoding,
    ttl: d.ttlMs < 0 ? d.ttlMs : Math.ceil(d.ttlMs / 1000),
    ttlMs: d.ttlMs,
    memoryUsageBytes: d.memoryUsageBytes,
    entries: d.length,
    server: `Redis ${handle.info.version} (${handle.info.url})`,
    notes: [],
  };
  if (d.type === 'zset') {
    const replay = await replayZset(handle.client, d.key, opts.seed);
    const z = await inspectZset(handle.client, { key: d.key, offset: opts.offset, pageSize: 20, towers: 4, seed: opts.seed }, replay);
    result.model = { ...z.model, expectedEncoding: z.expectedEncoding, config: z.config };
    result.notes.push(...z.notes);
    if (opts.measure) result.offsetCost = (await measureOffsetCost(handle.client, { key: d.key, offsets: [0, 1000, 10_000, 100_000], pageSize: 20, repeats: 200 }, replay)).rows;
  }
  return result;
}

export function printInspect(r: InspectResult, out: (s: string) => void): void {
  out(`${r.key}  (${r.server})`);
  out(`  type      ${r.type}`);
  out(`  encoding  ${r.encoding ?? 'n/a'}${r.model ? `  (thresholds: ${r.model.config.maxListpackEntries} entries, ${r.model.config.maxListpackValue} bytes; expected ${r.model.expectedEncoding})` : ''}`);
  out(`  ttl       ${r.ttl === -1 ? 'none' : `${r.ttl} s`}`);
  out(`  memory    ${r.memoryUsageBytes === null ? 'n/a' : `${int(r.memoryUsageBytes)} B (${bytes(r.memoryUsageBytes)})`}  MEMORY USAGE SAMPLES 0`);
  out(`  entries   ${int(r.entries)}`);
  const m = r.model;
  if (!m) return;
  out(`\nMemory estimate (model)  ${int(m.estimatedBytes)} B, ${m.errorPct >= 0 ? '+' : ''}${m.errorPct}% vs MEMORY USAGE`);
  out(table(['component', 'bytes', 'how'], m.components.map((c) => [c.name, int(c.bytes), c.detail])));
  if (m.levelHistogram.length > 0) {
    out(`\nSkiplist levels (model, ${int(m.replayedMembers)} nodes, max level ${m.maxLevel}; ZSKIPLIST_P 0.25)`);
    out(table(['level', 'nodes', 'expected p=0.25', 'article p=0.5'], m.levelHistogram.map((h) => [h.level, int(h.nodes), h.expected.toFixed(1), h.articleExpected.toFixed(1)])));
  }
  if (m.search) {
    const s = m.search;
    out(`\nZREVRANGE at offset ${int(s.offset)}: ${s.rank === null ? 'past the end' : s.offset === 0 ? 'starts at the tail (no search)' : `rank search for ${int(s.rank)}: ${s.comparisons} comparisons over ${s.levelsVisited} levels, ${s.steps.length} hops`}, then ${s.backwardSteps} backward steps`);
  }
  if (r.offsetCost) {
    out('\nOffset cost (measured on the server vs model)');
    out(table(['offset', 'server us/call', 'client p50 us', 'model comparisons'], r.offsetCost.map((x) => [int(x.offset), x.serverUsPerCall ?? x.skipped ?? '', x.clientP50Us ?? '', x.modelComparisons ?? ''])));
  }
  out('');
  for (const n of r.notes) out(`note: ${n}`);
  if (!r.notes.includes(ARTICLE_NOTE)) out(`note: ${ARTICLE_NOTE}`);
}
