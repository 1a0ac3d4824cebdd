/** Where the data lives: Redis, the graph store, the ranking model file; and the connection. */
import type { ActiveFault, Status } from '../../engine/api.js';
import type { ConnectionState } from '../api/wsClient.js';

interface Props {
  status: Status | null;
  connection: ConnectionState;
  mode: 'electron' | 'browser';
  /** Faults of the scenario's schedule active now (from the latest frame). */
  faults?: readonly ActiveFault[];
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  open: 'connected',
  closed: 'disconnected',
  refused: 'not connected',
};

function where(r: NonNullable<Status['redis']>): string {
  const c = r.cluster;
  if (!c) return r.private ? `private server (port ${r.port})` : r.url;
  const shape = `${c.masters} master${c.masters === 1 ? '' : 's'}${c.replicas ? ` + ${c.replicas} replica${c.replicas === 1 ? '' : 's'}` : ''}`;
  // Each node's host:port is in the Cluster tab.
  return r.private ? `private cluster of ${shape}` : `${r.url} (${shape})`;
}

export function StatusBar({ status, connection, mode, faults = [] }: Props) {
  const r = status?.redis;
  const redis = r ? `Redis ${r.version} · ${where(r)}` : 'Redis: not started yet (starts with the first scenario)';
  const store = status?.graphStore ? `Graph store: ${status.graphStore.kind === 'ladybug' ? 'LadybugDB' : 'Neo4j'} ${status.graphStore.location}` : 'Graph store: none (no graph model loaded)';
  const model = status?.model ? `Model: ${status.model.file} (AUC ${status.model.auc.toFixed(3)})` : 'Model: none';
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span>{redis}</span>
      <span>{store}</span>
      <span>{model}</span>
      <span className="grow" />
      {faults.length > 0 && (
        <span className="statusbar-faults" data-testid="status-faults" role="status" style={{ color: '#ffb74d', fontWeight: 600, flexShrink: 0, maxWidth: 'none' }}>
          Fault: {faults.map((f) => f.label).join(' · ')}
        </span>
      )}
      {status?.scenario && (
        <span>
          {status.scenario.name} · seed {status.scenario.seed}
        </span>
      )}
      <span className={`conn conn-${connection}`}>
        {mode === 'electron' ? 'desktop' : 'browser mode'} · {CONNECTION_TEXT[connection]}
      </span>
    </footer>
  );
}
