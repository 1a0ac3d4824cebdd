/**
 * A fault run's cluster faults in the Cluster tab: a killed master and its failover (the replica
 * promoted, how long it took, what the killed node came back as, the replication bytes it had not
 * sent), a master cut off from the engine by a partition. Plain data from the frame's `cluster.faults`.
 */
import type { ClusterView } from '../../engine/api.js';
import { fmtInt } from '../format.js';

type Fault = NonNullable<ClusterView['faults']>[number];

function line(f: Fault): string {
  const c = f.cluster;
  if (f.kind === 'partition') return `master ${c.node} (${c.target}) ${f.active ? 'is' : 'was'} unreachable from the engine; the cluster still saw it, so no failover.`;
  const over = c.promoted
    ? `failed over to ${c.promoted} in ${fmtInt(c.failoverMs ?? 0)} ms`
    : f.active && c.rejoinedAs === null ? (c.unreplicatedBytes === null ? 'is down (no replica: its slots are unserved)' : 'is down; waiting for its replica to be promoted') : 'had no replica to fail over to';
  const back = c.rejoinedAs ? `; restarted, it rejoined as ${c.rejoinedAs === 'replica' ? 'a replica of the new master' : 'the empty master of its slots'} in ${fmtInt(c.rejoinMs ?? 0)} ms` : '';
  const lag = c.unreplicatedBytes ? `; ${fmtInt(c.unreplicatedBytes)} replication bytes had not reached the replica at the kill (lost with the failover)` : '';
  return `master ${c.node} (${c.target}) was SIGKILLed and ${over}${back}${lag}.`;
}

export function ClusterFaultsSection({ faults }: { faults: ClusterView['faults'] }) {
  if (!faults || faults.length === 0) return null;
  return (
    <section aria-label="Cluster faults" data-testid="cluster-faults">
      <h3>Faults</h3>
      {faults.map((f) => (
        <p key={f.index} className={f.active ? 'note warn' : 'note'} data-testid="cluster-fault">
          <strong>{f.label}</strong>: {line(f)}
        </p>
      ))}
    </section>
  );
}
