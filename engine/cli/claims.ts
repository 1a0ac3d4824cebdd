/**
 * `feedscope claims`: the article's numerical claims, our figure for each on this machine (from
 * bench/results and a live measurement) and the verdict with one line of why.
 */
import type { Command } from 'commander';
import type { ClaimsView } from '../api.js';
import { getClaims } from '../claims/index.js';
import { errorInfo } from '../errors.js';

const VERDICT_LABEL: Record<string, string> = {
  reproduced: 'REPRODUCED',
  refuted: 'REFUTED',
  'not measurable here': 'NOT MEASURABLE HERE',
  'not measured yet': 'NOT MEASURED YET',
};

export function formatClaims(v: ClaimsView, out: (s: string) => void): void {
  out(`The article's numerical claims, measured on ${v.machine ?? 'this machine (no benchmark results yet: run `npm run bench`)'}`);
  out(`${v.counts.reproduced} reproduced, ${v.counts.refuted} refuted, ${v.counts['not measurable here']} not measurable here, ${v.counts['not measured yet']} not measured yet\n`);
  for (const r of v.rows) {
    out(`[${r.section}] ${r.claim}`);
    out(`      article: ${r.article}   「${r.quote}」`);
    out(`      ours:    ${r.measured ?? '-'}${r.source ? `   (${r.source === 'live' ? 'measured live' : `bench ${r.source}`}${r.measuredAt && r.measuredAt !== 'live' ? `, ${r.measuredAt}` : ''})` : ''}`);
    out(`      ${VERDICT_LABEL[r.verdict]}: ${r.why}\n`);
  }
}

export function registerClaims(program: Command, resultsDir: string): void {
  program
    .command('claims')
    .description("print the article's numerical claims with this machine's figures and a verdict for each")
    .option('--json', 'print the ledger as JSON')
    .option('--results <dir>', 'benchmark results directory', resultsDir)
    .action(async (opts: { json?: boolean; results: string }) => {
      try {
        const v = await getClaims(opts.results);
        if (opts.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
        else formatClaims(v, (s) => process.stdout.write(`${s}\n`));
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exit(1);
      }
    });
}
