/**
 * `feedscope analyze --redis-url URL [--pattern P] [--separator S] [--json]`: the key browser's
 * keyspace analysis from the terminal. A complete throttled SCAN (never KEYS) reads every key's
 * type, encoding, TTL, MEMORY USAGE (SAMPLES 0) and length, then prints memory and counts by
 * prefix, type, encoding and TTL, the top keys and the recommendations. Read-only.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { errorInfo, FeedscopeError } from '../errors.js';
import { KeyBrowser } from '../inspect/KeyBrowser.js';
import type { KeyspaceAnalysisView, PrefixNode } from '../inspect/keyBrowserApi.js';
import { bytes, int, table } from './format.js';

interface AnalyzeOptions {
  redisUrl?: string;
  pattern: string;
  separator: string;
  depth: number;
  top: number;
  budget: number;
  json?: boolean;
}

const PROGRESS_MS = 1000;

function positive(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`expected a number in (0, ${max}]`);
    return n;
  };
}

export function registerAnalyze(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('analyze')
    .description('keyspace analysis of a live Redis: memory and keys by prefix, type, encoding and TTL, top keys, recommendations (a throttled SCAN; read-only)')
    .option('--redis-url <url>', 'the server to analyse, redis://[user:password@]host:port[/db] or rediss://... (default: $REDIS_URL)')
    .option('--pattern <glob>', 'only keys matching this SCAN MATCH pattern', '*')
    .option('--separator <s>', 'prefix separator of the key names', ':')
    .option('--depth <n>', 'prefix levels', positive(8), 3)
    .option('--top <n>', 'top keys listed by memory and by length', positive(500), 20)
    .option('--budget <pct>', 'share of the server\'s time the scan may take, percent', positive(100), 10)
    .option('--json', 'print the analysis as JSON')
    .action(async (opts: AnalyzeOptions) => {
      const url = opts.redisUrl ?? env.REDIS_URL;
      if (!url) {
        process.stderr.write('feedscope analyze needs a server: --redis-url redis://127.0.0.1:6379 (or set REDIS_URL).\n');
        process.exitCode = 2;
        return;
      }
      const browser = new KeyBrowser(() => Promise.reject(new FeedscopeError('NO_SERVER', 'analyze reads only the server given by --redis-url.')));
      try {
        await browser.connect({ url, host: '127.0.0.1', port: 6379, db: 0, tls: false });
        await browser.startScan({ pattern: opts.pattern, type: null, count: 1000, budgetPct: opts.budget, details: true });
        const job = browser.currentJob!;
        const timer = setInterval(() => {
          const v = job.view();
          process.stderr.write(`scanning: ${int(v.seen)} of ${int(v.dbsize)} keys (${v.measuredPct}% of the server's time)\n`);
        }, PROGRESS_MS);
        await job.done.finally(() => clearInterval(timer));
        const end = job.view();
        if (end.state === 'failed') throw new FeedscopeError(end.error?.code ?? 'SCAN_FAILED', end.error?.message ?? 'the scan failed');
        const a = await browser.analysis({ separator: opts.separator, depth: Math.round(opts.depth), top: Math.round(opts.top) });
        if (opts.json) process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
        else printAnalysis(a, (s) => process.stdout.write(`${s}\n`));
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exitCode = 1;
      } finally {
        await browser.close();
      }
    });
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

export function printAnalysis(a: KeyspaceAnalysisView, out: (s: string) => void): void {
  const total = a.totals.memoryBytes;
  out(`Keyspace of ${a.server}: ${int(a.totals.keys)} keys, ${bytes(total)} (${a.complete ? 'complete scan: exact counts' : `partial scan: ${int(a.scanned)} of ${int(a.dbsize)} keys`})`);
  out(`memory: ${a.memoryMethod}`);
  const prefixRows: (string | number)[][] = [];
  const walk = (n: PrefixNode, level: number): void => {
    for (const c of n.children) {
      prefixRows.push([`${'  '.repeat(level)}${c.prefix}*`, int(c.keys), bytes(c.memoryBytes), pct(c.memoryBytes, total)]);
      if (level < 1) walk(c, level + 1);
    }
  };
  walk(a.prefixes, 0);
  out(`\nBy prefix (separator "${a.separator}")`);
  out(table(['prefix', 'keys', 'memory', 'share'], prefixRows));
  out('\nBy type');
  out(table(['type', 'keys', 'memory', 'share'], a.byType.map((t) => [t.name, int(t.keys), bytes(t.memoryBytes), pct(t.memoryBytes, total)])));
  out('\nBy encoding (OBJECT ENCODING)');
  out(table(['type', 'encoding', 'keys', 'memory'], a.byEncoding.map((e) => [e.type, e.name, int(e.keys), bytes(e.memoryBytes)])));
  out('\nBy TTL');
  out(table(['TTL', 'keys', 'memory'], a.ttl.map((t) => [t.name, int(t.keys), bytes(t.memoryBytes)])));
  const soon = a.expiring.filter((h) => h.keys > 0);
  if (soon.length > 0) {
    out('\nExpiring in the coming hours');
    out(table(['within hour', 'keys', 'memory'], soon.map((h) => [h.hour, int(h.keys), bytes(h.memoryBytes)])));
  }
  out('\nTop keys by memory');
  out(table(['key', 'type', 'encoding', 'memory', 'length'], a.topByMemory.map((k) => [k.key, k.type, k.encoding ?? '', bytes(k.memoryBytes ?? 0), int(k.length ?? 0)])));
  out('\nTop keys by length');
  out(table(['key', 'type', 'length', 'memory'], a.topByLength.map((k) => [k.key, k.type, int(k.length ?? 0), bytes(k.memoryBytes ?? 0)])));
  out('\nRecommendations');
  if (a.recommendations.length === 0) out('  none: nothing this analysis checks for was found.');
  for (const r of a.recommendations) {
    out(`- [${r.rule}] ${r.title}${r.savingBytes ? ` (saves about ${bytes(r.savingBytes)})` : ''}`);
    out(`  ${r.detail}`);
    out(`  keys: ${r.keys.slice(0, 5).join(', ')}${r.keyCount > 5 ? `, ... (${int(r.keyCount)} in all)` : ''}`);
  }
  out('');
  for (const n of a.notes) out(`note: ${n}`);
}
