/**
 * The Redis Cluster of the run: its masters side by side (host:port, the slots each serves on a
 * 0..16383 bar, keys, memory, ops/s, fan-out ZADDs, the redirects it answered; the hot one marked
 * in words), a control that moves slots between two masters while the scenario plays, and the
 * history of moves with what they cost. Plain data in (getCluster, then each frame's `cluster`);
 * nothing computed here but formatting and the checks of the form.
 */
import type { ReactNode } from 'react';
import type { ApiError, ClusterNodeView, ClusterView, CommandInput, ReshardView, Status } from '../../engine/api.js';
import { colour, fmtBytes, fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { ClusterFaultsSection } from './ClusterFaultsSection.js';
import { ReshardSection } from './ReshardSection.js';
import './cluster.css';

/** Redis Cluster's hash slots: 0 to CLUSTER_SLOTS - 1 (cluster.h: CLUSTER_SLOTS 16384). */
export const CLUSTER_SLOTS = 16384;
/** Slot ranges written out in a node's box; the rest are counted (all of them in the tooltip). */
const RANGES_SHOWN = 3;

export interface ClusterPanelProps {
  status: Status | null;
  view: ClusterView | null;
  loading: boolean;
  error: ApiError | null;
  /** The reshard started from the app: running, its error, its view once done. */
  reshard: { running: boolean; error: ApiError | null; last: ReshardView | null };
  onReshard(args: CommandInput<'reshard'>): void;
  onRefresh(): void;
}

const GET_A_CLUSTER =
  'To run one on a Redis Cluster, choose "cluster of 3" or "cluster of 6" in the toolbar\'s Redis menu (a scenario picked from the list loads again on it), ' +
  'give the scenario "redis": {"cluster": {"nodes": 3}}, or run `npx feedscope run <file> --cluster 3` from the command line.';

function body(p: ClusterPanelProps): PanelBody {
  const s = p.status;
  if (s?.state === 'loading') return { kind: 'loading', text: `Loading the scenario (${s.loading?.stage ?? 'starting'})…` };
  if (!s?.scenario) return { kind: 'empty', text: `No scenario loaded. ${GET_A_CLUSTER}` };
  if (!s.redis?.cluster) {
    const on = s.redis ? `one Redis server (${s.redis.private ? `private, port ${s.redis.port}` : s.redis.url})` : 'one Redis server';
    return { kind: 'empty', text: `This run is on ${on}, not a cluster: there are no nodes or slots to show. ${GET_A_CLUSTER}` };
  }
  if (p.error) return { kind: 'error', error: p.error, hint: 'Press Refresh to read the nodes again. If the cluster has stopped, load the scenario again.' };
  if (!p.view) return { kind: 'loading', text: 'Reading the cluster\'s nodes…' };
  if (p.view.nodes.length === 0) return { kind: 'empty', text: 'The cluster has reported no masters yet: press Play or Step, or Refresh.' };
  return { kind: 'ready' };
}

function rangeText([a, b]: [number, number]): string {
  return a === b ? String(a) : `${a}–${b}`;
}

/** The node's ranges on a 0..16383 track, so that a move shows as a band changing hands. */
function SlotBar({ node, index }: { node: ClusterNodeView; index: number }) {
  const all = node.slots.map(rangeText).join(', ');
  return (
    <div className="slotbar" role="img" aria-label={`slots ${all || 'none'} of 0–${CLUSTER_SLOTS - 1}`} title={`slots ${all || 'none'}`}>
      {node.slots.map(([a, b]) => (
        <i key={a} style={{ left: `${(a / CLUSTER_SLOTS) * 100}%`, width: `max(1px, ${((b - a + 1) / CLUSTER_SLOTS) * 100}%)`, background: colour(index) }} />
      ))}
    </div>
  );
}

/** One figure of a node: a term and its value, side by side (the figures flow into columns when the box is wide). */
function Figure({ term, testId, title, children }: { term: string; testId?: string; title?: string; children: ReactNode }) {
  return (
    <div title={title}>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function NodeBox({ node, index }: { node: ClusterNodeView; index: number }) {
  const shown = node.slots.slice(0, RANGES_SHOWN).map(rangeText).join(', ');
  const more = node.slots.length - RANGES_SHOWN;
  const r = node.redirects;
  return (
    <article className={node.hot ? 'cnode hot' : 'cnode'} data-testid="cluster-node" data-master={index} aria-label={`master ${index}${node.hot ? ' (hot)' : ''}`}>
      <header>
        <i className="dot" style={{ background: colour(index) }} aria-hidden />
        <strong>master {index}</strong>
        {node.hot && (
          <span className="hot-badge" title="The most ops/s of all masters, above 1.5× their mean">
            hot
          </span>
        )}
        <span className="addr" title={`node id ${node.id}`}>
          {node.node}
        </span>
      </header>
      <SlotBar node={node} index={index} />
      <p className="ranges" title={node.slots.map(rangeText).join(', ')}>
        <span data-testid="node-slots">{fmtInt(node.slotCount)} slots</span>
        {shown && `: ${shown}`}
        {more > 0 && ` +${fmtInt(more)} more`}
      </p>
      <dl>
        <Figure term="keys" testId="node-keys">{fmtInt(node.keys)}</Figure>
        <Figure term="memory">{fmtBytes(node.usedMemoryBytes)}</Figure>
        <Figure term="ops/s">{fmtInt(node.opsPerSec)}</Figure>
        <Figure term="fan-out ZADDs">{fmtInt(node.fanoutZadds)}</Figure>
        <Figure term="commands" title="Commands Feedscope's models sent this node">{fmtInt(node.commands)}</Figure>
        <Figure term="MOVED" title="MOVED redirects this node answered (the slot has a new owner)">{fmtInt(r.moved)}</Figure>
        <Figure term="ASK" title="ASK redirects this node answered (the slot is moving and the key has left)">{fmtInt(r.ask)}</Figure>
        {r.tryAgain > 0 && <Figure term="TRYAGAIN" title="Retried while a multi-key command's keys were split by a move">{fmtInt(r.tryAgain)}</Figure>}
        {(node.clusterDown ?? 0) > 0 && <Figure term="CLUSTERDOWN" title="Retried while the cluster was down: a master had failed and no replica had taken over yet">{fmtInt(node.clusterDown ?? 0)}</Figure>}
      </dl>
    </article>
  );
}

export function ClusterPanel(p: ClusterPanelProps) {
  const v = p.view;
  const b = body(p);
  const keys = v ? v.nodes.reduce((a, n) => a + n.keys, 0) : 0;
  const canRefresh = !!p.status?.redis?.cluster && p.status.state !== 'loading';
  return (
    <Panel
      title="Redis Cluster"
      testId="panel-cluster"
      body={b}
      extra={
        <span className="cluster-extra">
          {v && b.kind === 'ready' && (
            <span data-testid="cluster-summary">
              {v.label} · {fmtInt(keys)} keys · {fmtInt(v.fanoutZadds)} fan-out ZADDs · hash tags {v.hashTags ? 'on' : 'off'}
            </span>
          )}
          {p.loading && v && <span className="spinner" role="status" aria-label="Reading the nodes" />}
          {canRefresh && (
            <button type="button" onClick={p.onRefresh} disabled={p.loading}>
              Refresh
            </button>
          )}
        </span>
      }
    >
      {v && (
        <div className="cluster">
          <div className="cnodes" data-testid="cluster-nodes">
            {v.nodes.map((n, i) => (
              <NodeBox key={n.id} node={n} index={i} />
            ))}
          </div>
          {v.colocation.split > 0 && (
            <p className="note" data-testid="cluster-colocation">
              Hash tags are off: {fmtInt(v.colocation.split)} of {fmtInt(v.colocation.users)} sampled users have their timeline, outbox and feed stream on more than one master
              {v.colocation.example ? ` (${v.colocation.example})` : ''}. A per-user multi-key command would fail with CROSSSLOT for them; this run sends single-key commands only.
            </p>
          )}
          <ClusterFaultsSection faults={v.faults} />
          <ReshardSection nodes={v.nodes} reshards={v.reshards} reshard={p.reshard} onReshard={p.onReshard} />
        </div>
      )}
    </Panel>
  );
}
