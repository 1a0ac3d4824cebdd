/**
 * Moving slots between masters while the scenario plays, and the moves so far: what each moved,
 * how long it took, the redirects clients met and the fan-out's p99 before, during and after it.
 */
import { useState, type FormEvent } from 'react';
import type { ApiError, ClusterNodeView, CommandInput, ReshardView } from '../../engine/api.js';
import { fmtBytes, fmtInt, fmtMs, fmtSimTime } from '../format.js';

/** The operation whose p99 the history compares (the timeline's fan-out of one post). */
const FANOUT_OP = 'timeline.fanoutWrite';
const DEFAULT_SLOTS = 500;
const PHASES = ['before', 'during', 'after'] as const;
type Phase = (typeof PHASES)[number];

interface Props {
  nodes: ClusterNodeView[];
  reshards: ReshardView[];
  reshard: { running: boolean; error: ApiError | null; last: ReshardView | null };
  onReshard(args: CommandInput<'reshard'>): void;
}

/** Why the form cannot be sent, in words; null when it can. */
function problem(nodes: ClusterNodeView[], slots: number, from: number, to: number): string | null {
  if (nodes.length < 2) return 'A reshard needs at least two masters.';
  if (!Number.isInteger(slots) || slots < 1) return 'Slots: a whole number, at least 1.';
  if (from === to) return 'Pick two different masters.';
  const have = nodes[from]?.slotCount ?? 0;
  if (slots > have) return `Master ${from} serves ${fmtInt(have)} slots: it cannot give ${fmtInt(slots)}.`;
  return null;
}

function ReshardForm({ nodes, busy, onReshard }: { nodes: ClusterNodeView[]; busy: string | null; onReshard: Props['onReshard'] }) {
  const [slots, setSlots] = useState(String(DEFAULT_SLOTS));
  const [fromChoice, setFrom] = useState(0);
  const [toChoice, setTo] = useState(1);
  // A later scenario may have fewer masters than the one the choice was made on.
  const last = Math.max(0, nodes.length - 1);
  const from = Math.min(fromChoice, last);
  const to = Math.min(toChoice, last);
  const n = Number(slots);
  const why = problem(nodes, n, from, to);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!why && !busy) onReshard({ slots: n, from, to });
  };
  const master = (label: string, value: number, set: (i: number) => void) => (
    <label>
      {label}
      <select aria-label={`${label} master`} value={value} onChange={(e) => set(Number(e.target.value))}>
        {nodes.map((node, i) => (
          <option key={node.id} value={i}>
            master {i} ({fmtInt(node.slotCount)} slots)
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="reshard-form" onSubmit={submit} aria-label="Reshard">
      <label>
        Move
        <input type="number" aria-label="Slots to move" min={1} max={16384} step={1} value={slots} onChange={(e) => setSlots(e.target.value)} aria-invalid={!!why && why.startsWith('Slots')} />
        slots
      </label>
      {master('from', from, setFrom)}
      {master('to', to, setTo)}
      <button type="submit" className="primary" disabled={!!why || !!busy}>
        Move slots
      </button>
      {busy ? (
        <span className="note" role="status">
          <span className="spinner" aria-hidden /> {busy}
        </span>
      ) : (
        why && <span className="note warn">{why}</span>
      )}
    </form>
  );
}

function p99(r: ReshardView, phase: Phase): string {
  const ms = r.p99Ms[phase][FANOUT_OP];
  return ms === undefined ? '–' : fmtMs(ms);
}

/** Every measured operation's p99, for the tooltip of the fan-out column. */
function p99Title(r: ReshardView): string {
  const ops = [...new Set(PHASES.flatMap((ph) => Object.keys(r.p99Ms[ph])))].sort();
  if (ops.length === 0) return 'No operations measured in these phases yet';
  const cell = (op: string, ph: Phase) => {
    const ms = r.p99Ms[ph][op];
    return ms === undefined ? '–' : fmtMs(ms);
  };
  return `p99 before / during / after\n${ops.map((op) => `${op}: ${PHASES.map((ph) => cell(op, ph)).join(' / ')}`).join('\n')}`;
}

function when(r: ReshardView): string {
  if (r.startedAtMs !== null) return `t = ${fmtSimTime(r.startedAtMs)}${r.atSec === null ? ' (app)' : ''}`;
  return r.atSec !== null ? `at ${fmtSimTime(r.atSec * 1000)}` : 'queued';
}

function History({ reshards }: { reshards: ReshardView[] }) {
  if (reshards.length === 0) {
    return <p className="note">No reshard yet. Move slots with the form above, or schedule moves in the scenario ("redis": {'{'}"reshards": [{'{'}"atSec": 20, "slots": 500, "from": 0, "to": 1{'}'}]{'}'}).</p>;
  }
  return (
    <table className="reshards" data-testid="reshard-history">
      <thead>
        <tr>
          <th>#</th><th>state</th><th>slots</th><th>from → to</th><th>started</th><th>took</th><th>keys</th><th>bytes</th><th>MOVED / ASK</th>
          <th title={`p99 of ${FANOUT_OP} in each phase; – where no post fanned out in it (yet)`}>fan-out p99 before / during / after</th>
        </tr>
      </thead>
      <tbody>
        {reshards.map((r) => (
          <tr key={r.index} data-testid="reshard-row" data-state={r.state} className={r.state}>
            <td>{r.index}</td>
            <td className="state-cell">
              {r.state}
              {r.error && <div className="err">{r.error}</div>}
            </td>
            <td>{fmtInt(r.slots)}</td>
            <td>
              {r.from} → {r.to}
            </td>
            <td>{when(r)}</td>
            <td>{r.durationMs === null ? '–' : fmtMs(r.durationMs)}</td>
            {/* While a move runs, keys and bytes are its progress so far. */}
            <td>{r.state === 'pending' ? '–' : fmtInt(r.keysMoved)}</td>
            <td>{r.state === 'pending' ? '–' : fmtBytes(r.bytesMoved)}</td>
            <td>{r.state === 'pending' ? '–' : `${fmtInt(r.redirects.moved)} / ${fmtInt(r.redirects.ask)}`}</td>
            <td title={p99Title(r)}>
              {p99(r, 'before')} / {p99(r, 'during')} / {p99(r, 'after')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReshardSection({ nodes, reshards, reshard, onReshard }: Props) {
  const moving = reshards.find((r) => r.state === 'running');
  const busy = moving
    ? `Reshard ${moving.index} is moving ${fmtInt(moving.slots)} slots from master ${moving.from} to master ${moving.to}: ${fmtInt(moving.slotsDone)} done…`
    : reshard.running
      ? 'Moving slots…'
      : null;
  return (
    <section className="reshard">
      <h3>Move slots between masters</h3>
      <ReshardForm nodes={nodes} busy={busy} onReshard={onReshard} />
      {reshard.error && (
        <div className="panel-error" role="alert" data-testid="reshard-error">
          <strong>{reshard.error.code}</strong>
          <p>{reshard.error.message}</p>
        </div>
      )}
      {reshard.last && !reshard.running && !reshard.error && (
        <p className="note" data-testid="reshard-done">
          Reshard {reshard.last.index} {reshard.last.state}: {fmtInt(reshard.last.slots)} slots from master {reshard.last.from} to master {reshard.last.to}
          {reshard.last.durationMs !== null && ` in ${fmtMs(reshard.last.durationMs)}`}, {fmtInt(reshard.last.keysMoved)} keys ({fmtBytes(reshard.last.bytesMoved)}) moved.
        </p>
      )}
      <h3>Reshards</h3>
      <History reshards={reshards} />
    </section>
  );
}
