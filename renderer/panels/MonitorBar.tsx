/**
 * The fan-out monitor and the speed, on screen the whole time (the captions ask the audience to
 * watch them): the Timeline's queue depth, chunks in flight, write amplification, fan-out lag
 * (last, max) and lossy drops from the latest frame; how far behind the requested speed the
 * simulation is and what speed it really achieved.
 */
import type { FanoutView, Speed } from '../../engine/api.js';
import { fmtInt, fmtMs } from '../format.js';
import { speedShortfall } from '../store/ui.js';

interface Props {
  fanout: FanoutView | null;
  /** The latest frame's `behindMs` (null before the first frame). */
  behindMs: number | null;
  speed: Speed;
  /** Simulated ms per wall ms over the last seconds (null: not measured, e.g. paused). */
  achieved: number | null;
  playing: boolean;
  /** The scenario runs the Timeline model (the fan-out figures are its own). */
  timeline: boolean;
}

/** Behind by less than this (simulated ms) is a tick in progress, not a shortfall. */
const BEHIND_SHOWN_MS = 250;

function Figure({ label, value, title, warn, testId }: { label: string; value: string; title: string; warn?: boolean; testId: string }) {
  return (
    <span className={warn ? 'mon-fig warn' : 'mon-fig'} title={title} data-testid={testId}>
      <span className="mon-label">{label}</span> <b>{value}</b>
    </span>
  );
}

export function MonitorBar({ fanout: f, behindMs, speed, achieved, playing, timeline }: Props) {
  const shortfall = playing ? speedShortfall(speed, achieved) : null;
  const behind = playing && behindMs !== null && behindMs > BEHIND_SHOWN_MS;
  return (
    <div className="monitor" role="status" aria-label="Fan-out monitor and speed" data-testid="monitor">
      {timeline ? (
        <>
          <span className="mon-title">Fan-out</span>
          <Figure testId="mon-queue" label="queue" value={f ? fmtInt(f.queueDepth) : '—'} title="Posts whose fan-out has not finished" warn={!!f && f.queueDepth > 0} />
          <Figure testId="mon-chunks" label="chunks in flight" value={f ? `${fmtInt(f.chunksInFlight)}${f.chunksQueued > 0 ? ` (+${fmtInt(f.chunksQueued)} queued)` : ''}` : '—'} title="Pipelined ZADD chunks sent and not yet answered; queued: waiting for a pipeline slot" />
          <Figure testId="mon-amp" label="write amplification" value={f ? `${f.writeAmplification.toFixed(1)}×` : '—'} title="ZADDs per post: each post is written into every follower's timeline" />
          <Figure testId="mon-lag" label="lag" value={f ? `${fmtMs(f.lastLagMs)} (max ${fmtMs(f.maxLagMs)})` : '—'} title="Post to the last follower's feed: the latest finished fan-out, and the worst so far" />
          <Figure testId="mon-drops" label="lossy drops" value={f ? fmtInt(f.droppedLossy) : '—'} title="Fan-out writes dropped by a lossy fan-out" warn={!!f && f.droppedLossy > 0} />
        </>
      ) : (
        <span className="mon-title">No Timeline model in this scenario: no fan-out on write.</span>
      )}
      <span className="grow" />
      {behind && <Figure testId="mon-behind" label="behind by" value={fmtMs(behindMs)} title="Simulated time the engine is behind the requested speed" warn />}
      <span className={shortfall ? 'mon-speed warn' : 'mon-speed'} data-testid="mon-speed">
        {shortfall ?? (playing && achieved !== null ? `running at ${achieved < 10 ? achieved.toFixed(1) : Math.round(achieved)}x${speed === 'max' ? ' (max)' : ` of ${speed}x`}` : `speed ${speed === 'max' ? 'max' : `${speed}x`}`)}
      </span>
    </div>
  );
}
