/** The CLI summary's lines for report.json `faults` (none without faults). */
import type { ClusterFaultReport } from '../api/faults.js';
import type { Report } from '../api/report.js';

export function faultSummaryLines(r: Report): string[] {
  const f = r.faults;
  if (!f) return [];
  const e = f.events;
  const failed = Object.entries(e.failed).map(([code, n]) => `${code} ${n.toLocaleString('en-US')}`).join(', ') || 'none';
  const out = [
    '',
    `Faults     ${f.schedule.length} on the schedule; operations ${e.total.toLocaleString('en-US')}: applied ${e.applied.toLocaleString('en-US')}, retried ${e.retried}, rebuilt ${e.rebuilt}, failed ${e.failedTotal} (${failed}); acknowledgedLost ${f.acknowledgedLost} of ${f.acknowledged.checked.toLocaleString('en-US')} checked`,
  ];
  for (const w of f.schedule) {
    const reads = Object.entries(w.phases).filter(([op]) => op.endsWith('.read'));
    const p99 = reads.map(([op, p]) => `${op} p99 ${p.before.p99Ms} / ${p.during.p99Ms} / ${p.after.p99Ms} ms, errors ${p.during.errors}/${p.during.count}`).join('; ');
    const rebuilt = w.rebuilt.map((b) => `${b.model} rebuilt ${b.entries} entries in ${b.ms} ms`).join(', ');
    out.push(`  ${w.label.padEnd(30)} recovered in ${w.recoverMs} ms${w.error ? ` (error ${w.error.code}: ${w.error.message})` : ''}${clusterText(w.cluster)}${rebuilt ? `; ${rebuilt}` : ''}${p99 ? `; before / during / after: ${p99}` : ''}`);
  }
  return out;
}

/** "; master 1 (127.0.0.1:7001) failed over to 127.0.0.1:7004 in 2,410 ms, rejoined as replica, 0 bytes unreplicated". */
function clusterText(c: ClusterFaultReport | undefined): string {
  if (!c) return '';
  if (c.rejoinedAs === null && c.promoted === null) return `; master ${c.node} (${c.target}) cut off from the engine`;
  const over = c.promoted ? `failed over to ${c.promoted} in ${c.failoverMs?.toLocaleString('en-US')} ms` : 'no replica to fail over to';
  const lag = c.unreplicatedBytes === null ? '' : `, ${c.unreplicatedBytes.toLocaleString('en-US')} bytes unreplicated at the kill`;
  return `; master ${c.node} (${c.target}) ${over}, rejoined as ${c.rejoinedAs ?? '?'}${lag}`;
}
