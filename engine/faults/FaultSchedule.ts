/**
 * A scenario's faults on the player's clock: which fault starts and which ends as simulated time
 * reaches a tick. Pure bookkeeping (FaultRun.ts does the I/O): the engine calls `advance(tMs)`
 * before each tick with the tick's start time; a fault whose window is [startMs, endMs] starts at
 * the first tick at or after startMs and ends at the first tick at or after endMs (a fault without
 * a window, a connectionDrop, starts and ends in the same call).
 */
import { faultWindowMs, type FaultKind, type FaultSpec } from '../scenario/faultsSchema.js';

export type FaultPhase = 'pending' | 'active' | 'over';

export interface FaultState {
  /** Index in the scenario's `faults` array (its JSON path is faults[index]). */
  index: number;
  spec: FaultSpec;
  startMs: number;
  endMs: number;
  phase: FaultPhase;
  /** Simulated ms at which it was applied and at which it ended (a tick boundary), null before. */
  appliedAtMs: number | null;
  endedAtMs: number | null;
}

/** What the frames and the status bar show of a fault while it lasts. */
export interface ActiveFaultView {
  index: number;
  kind: FaultKind;
  startMs: number;
  endMs: number;
  /** One line for the status bar and the CLI ("redisKill until 14 s"). */
  label: string;
}

export class FaultSchedule {
  private readonly states: FaultState[];

  /** `specs` in the scenario's order (indexes are their JSON paths). */
  constructor(specs: readonly FaultSpec[]) {
    this.states = specs.map((spec, index) => ({ index, spec, ...faultWindowMs(spec), phase: 'pending', appliedAtMs: null, endedAtMs: null }));
  }

  /** Moves the clock to `tMs`: the faults to start now (in start order) and to end now (in end order). */
  advance(tMs: number): { starting: FaultState[]; ending: FaultState[] } {
    const starting = this.states.filter((f) => f.phase === 'pending' && f.startMs <= tMs).sort((a, b) => a.startMs - b.startMs || a.index - b.index);
    for (const f of starting) {
      f.phase = 'active';
      f.appliedAtMs = tMs;
    }
    const ending = this.states.filter((f) => f.phase === 'active' && f.endMs <= tMs).sort((a, b) => a.endMs - b.endMs || a.index - b.index);
    for (const f of ending) {
      f.phase = 'over';
      f.endedAtMs = tMs;
    }
    return { starting, ending };
  }

  /** Ends every fault still active or pending (the run ended or was unloaded): what to undo. */
  endAll(tMs: number): FaultState[] {
    const ending = this.states.filter((f) => f.phase === 'active');
    for (const f of this.states) {
      if (f.phase === 'active') f.endedAtMs = tMs;
      f.phase = 'over';
    }
    return ending;
  }

  get all(): readonly FaultState[] {
    return this.states;
  }

  active(): ActiveFaultView[] {
    return this.states.filter((f) => f.phase === 'active').map(faultView);
  }
}

export function faultView(f: FaultState): ActiveFaultView {
  return { index: f.index, kind: f.spec.kind, startMs: f.startMs, endMs: f.endMs, label: faultLabel(f) };
}

/** "redisKill until 14 s", "redisDelay 2+120 ms until 9 s", "connectionDrop at 24 s". */
export function faultLabel(f: Pick<FaultState, 'spec' | 'startMs' | 'endMs'>): string {
  const s = f.spec;
  const until = f.endMs > f.startMs ? ` until ${fmtSec(f.endMs)}` : ` at ${fmtSec(f.startMs)}`;
  switch (s.kind) {
    case 'redisDelay':
      return `redisDelay ${s.baseMs}${s.spikeProbability > 0 ? `+${s.spikeMs}` : ''} ms${until}`;
    case 'clusterNodeKill':
    case 'partition':
      return `${s.kind} node ${s.node}${until}`;
    default:
      return `${s.kind}${until}`;
  }
}

function fmtSec(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
