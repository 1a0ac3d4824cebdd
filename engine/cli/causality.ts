/**
 * `feedscope causality REPORT_DIR --shiviz FILE`: the causality lab of a run written with
 * `feedscope run --report REPORT_DIR` (report.json's `causality` section and the events of
 * causality.events.json) as a summary, and its log in ShiViz's format (paste FILE into
 * https://bestchai.bitbucket.io/shiviz/ or open it there). `--cone ID` keeps only that event's
 * causal cone. Also the summary lines of `run` for the causality, migration and gap sections.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Report } from '../api/report.js';
import { HappenedBefore } from '../causality/HappenedBefore.js';
import { shivizLog, type ShivizEvent } from '../causality/shiviz.js';
import type { CausalEvent } from '../causality/types.js';
import type { Engine } from '../Engine.js';
import { errorInfo, FeedscopeError } from '../errors.js';
import { int } from './format.js';

export const CAUSALITY_EVENTS_FILE = 'causality.events.json';

interface EventsFile {
  hosts: string[];
  events: Pick<CausalEvent, 'id' | 'node' | 'kind' | 'tMs' | 'vc' | 'label' | 'from' | 'violation'>[];
}

/** With a `causality` section: writes causality.events.json (every recorded event) into `dir`; returns the names written. */
export async function writeCausalityFiles(dir: string, engine: Engine, report: Report): Promise<string[]> {
  if (!report.causality) return [];
  const file: EventsFile = engine.correctness.allEvents();
  await writeFile(path.join(dir, CAUSALITY_EVENTS_FILE), `${JSON.stringify(file)}\n`);
  return [CAUSALITY_EVENTS_FILE];
}

/** The lines `feedscope run` prints for the drift gaps, causality and migration sections. */
export function correctnessSummaryLines(r: Report): string[] {
  const out: string[] = [];
  if (r.drift) {
    const g = r.drift.gaps;
    out.push(`\nCursor gaps ${int(g.readers)} cursor readers (a page every ${g.pageIntervalMs} ms); posts skipped for good per strategy: ${g.strategies.map((s) => `${s.name} ${int(s.skipped)}${s.ageMs ? ` (age p50 ${s.ageMs.p50} ms)` : ''}`).join(', ')}`);
  }
  if (r.causality) {
    const c = r.causality;
    out.push(`\nCausality  ${int(c.events.total)} events on ${c.nodes.join(', ')} (gossip ${c.gossipMs} ms), ${int(c.edges)} happened-before edges; ${int(c.counters.effectWithoutCause)} reads showed an effect without its cause`);
    out.push(`           effect below its cause on ${int(c.counters.feedChecks)} pages read from Redis: ${c.counters.strategies.map((s) => `${s.name} ${int(s.effectBelowCause)}`).join(', ')}`);
    if (c.largestCone) out.push(`           largest cone ${int(c.largestCone.size)} events, reverse DFS ${int(c.largestCone.edgesTraversed)} edges in ${c.largestCone.micros} us (${c.cost.split(':')[0]})`);
  }
  if (r.migration) {
    const m = r.migration;
    const k = m.candidate.byKind;
    out.push(`\nMigration  phase ${m.phase}, Graph serves ${(m.share * 100).toFixed(0)}%; ${int(m.candidate.reads)} reads compared, ${int(m.candidate.mismatched)} mismatched (missing ${int(k.missing)}, extra ${int(k.extra)}, order ${int(k.order)}, score ${int(k.score)}); control vs control ${int(m.calibration.mismatched)}`);
    out.push(`           double writes ${int(m.writes.doubleWritten)}, failed ${int(m.writes.failed)} (retried ${int(m.writes.retried)}, dead-lettered ${int(m.writes.deadLettered)}), repaired ${int(m.repairs)}; ${int(m.mismatchList.kept)} mismatches kept in ${m.mismatchList.key}`);
  }
  return out;
}

export function registerCausality(program: Command): void {
  program
    .command('causality')
    .description('summarise the causality lab of a run written with `run --report DIR`, and export its log in ShiViz\'s format')
    .argument('<report-dir>', 'the directory `feedscope run --report` wrote')
    .option('--shiviz <file>', 'write the events as a ShiViz log to this file')
    .option('--cone <event>', 'only the causal cone of this event id', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new FeedscopeError('BAD_EVENT', `--cone expects an event id (an integer >= 0), not "${v}"`);
      return n;
    })
    .action(async (dir: string, opts: { shiviz?: string; cone?: number }) => {
      try {
        const report = await readJson<Report>(path.join(dir, 'report.json'), `no report.json in ${dir}: write one with \`feedscope run SCENARIO --report ${dir}\``);
        if (!report.causality) throw new FeedscopeError('NO_CAUSALITY', `${path.join(dir, 'report.json')} has no "causality" section: run a scenario with "causality" (sample-graphs/causality.json) with --report.`);
        const file = await readJson<EventsFile>(path.join(dir, CAUSALITY_EVENTS_FILE), `no ${CAUSALITY_EVENTS_FILE} in ${dir}: run the scenario again with --report ${dir}`);
        for (const line of correctnessSummaryLines({ ...report, drift: undefined, migration: undefined })) process.stdout.write(`${line}\n`);
        let events: ShivizEvent[] = file.events;
        if (opts.cone !== undefined) {
          if (opts.cone >= file.events.length) throw new FeedscopeError('BAD_EVENT', `event ${opts.cone} is not in this log: ids go from 0 to ${file.events.length - 1}`);
          const g = new HappenedBefore();
          for (const e of file.events) g.add(predecessorsOf(e, file.events));
          const cone = g.cone(opts.cone);
          events = file.events.filter((e) => cone.members.has(e.id));
          process.stdout.write(`cone of event ${opts.cone}: ${int(cone.members.size)} events, ${int(cone.edgesTraversed)} edges traversed\n`);
        }
        if (opts.shiviz) {
          await writeFile(opts.shiviz, shivizLog(file.hosts, events));
          process.stdout.write(`ShiViz log of ${int(events.length)} events written to ${opts.shiviz}\n`);
        }
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exitCode = 1;
      }
    });
}

/** An event's direct predecessors: the one before it on its node, and its arrows' sources. */
function predecessorsOf(e: EventsFile['events'][number], all: EventsFile['events']): number[] {
  let prev = -1;
  for (let i = e.id - 1; i >= 0; i--) {
    if (all[i].node === e.node) {
      prev = i;
      break;
    }
  }
  return [prev, ...e.from];
}

async function readJson<T>(file: string, missing: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedscopeError('NO_FILE', missing, { cause: err });
  }
  return JSON.parse(text) as T;
}
