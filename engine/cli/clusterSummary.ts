/** The CLI summary's cluster part: one row per master, then each reshard with its cost and what it did to latency. */
import type { Report } from '../api/report.js';
import { bytes, int, ms, table } from './format.js';

export function clusterSummaryLines(r: Report): string[] {
  const c = r.cluster;
  if (!c) return [];
  const out = [`\nCluster    ${c.label}; hash tags ${c.hashTags ? 'on ({u<id>})' : 'off'}; fan-out ZADDs per node add up to ${int(c.fanoutZadds)}${r.fanout ? ` (fanout.zadds ${int(r.fanout.zadds)})` : ''}`];
  out.push(table(
    ['node', 'slots', 'keys', 'used_memory', 'ops/s', 'commands', 'fan-out ZADDs', 'MOVED', 'ASK', ''],
    c.nodes.map((n) => [n.node, `${int(n.slotCount)} (${n.slots.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')})`, int(n.keys), bytes(n.usedMemoryBytes), int(n.opsPerSec), int(n.commands), int(n.fanoutZadds), int(n.redirects.moved), int(n.redirects.ask), n.hot ? 'hot' : '']),
  ));
  for (const s of c.reshards) {
    const p99 = (o: Record<string, number>) => (o['timeline.fanoutWrite'] !== undefined ? `${ms(o['timeline.fanoutWrite'])}` : '-');
    out.push(
      `Reshard ${s.index}  ${s.state}${s.atSec !== null ? ` at t=${s.atSec}s` : ''}: ${int(s.slots)} slots master ${s.from} -> ${s.to}` +
        (s.state === 'done' ? ` in ${ms(s.durationMs ?? 0)} ms, ${int(s.keysMoved)} keys, ${bytes(s.bytesMoved)} moved, ${int(s.migrateCalls)} MIGRATE calls` : '') +
        `; redirects MOVED ${int(s.redirects.moved)}, ASK ${int(s.redirects.ask)}, TRYAGAIN ${int(s.redirects.tryAgain)}; fan-out p99 before/during/after ${p99(s.p99Ms.before)} / ${p99(s.p99Ms.during)} / ${p99(s.p99Ms.after)} ms` +
        (s.error ? `; error: ${s.error}` : ''),
    );
  }
  const co = c.colocation;
  out.push(co.split === 0
    ? `Keys       every sampled user's timeline, outbox and feed stream share one slot (${int(co.users)} users checked): per-user multi-key commands are legal`
    : `Keys       ${int(co.split)} of ${int(co.users)} sampled users have their keys on more than one master (e.g. ${co.example}): a per-user multi-key command (ZUNIONSTORE of timeline and outbox, a MULTI over them) would fail with CROSSSLOT for them; the models here send single-key commands only, so the run itself is unaffected`);
  if (c.audit) out.push(`Feeds      ${int(c.audit.users)} sampled timelines against a replay of the same events on one node: ${int(c.audit.expected)} entries expected, ${int(c.audit.found)} found, ${int(c.audit.lost)} lost, ${int(c.audit.extra)} extra`);
  return out;
}
