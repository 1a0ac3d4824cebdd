/** Scenario picker, the Redis it runs on, "Open file...", the player's controls, simulated time and events/s. */
import { useRef, type ChangeEvent } from 'react';
import type { Frame, ScenarioEntry, Speed, Status } from '../../engine/api.js';
import { fmtInt, fmtSimTime } from '../format.js';
import type { Fetched } from '../store/fetched.js';
import { isRedisChoice, REDIS_CHOICE_LABELS, REDIS_CHOICES, type RedisChoice } from '../store/redisChoice.js';

export const SPEEDS: Speed[] = [0.5, 1, 2, 5, 10, 100, 'max'];

interface Props {
  status: Status | null;
  tMs: number;
  scenarios: Fetched<ScenarioEntry[]>;
  frame: Frame | null;
  connected: boolean;
  /** Where scenarios picked from the list run. */
  redis: RedisChoice;
  onRedis(choice: RedisChoice): void;
  onLoad(file: string): void;
  onOpenFile(file: File): void;
  onTogglePlay(): void;
  onStep(): void;
  onReset(): void;
  onSpeed(speed: Speed): void;
  projector: boolean;
  onProjector(on: boolean): void;
  onHelp(): void;
  onExportReport(format: 'json' | 'html'): void;
}

function scenarioPlaceholder(s: Fetched<ScenarioEntry[]>): string {
  if (s.status === 'loading') return 'Loading scenarios…';
  if (s.error) return 'Scenarios unavailable';
  if (s.data && s.data.length === 0) return 'No scenarios in sample-graphs/';
  return 'Pick a scenario…';
}

/** The loaded scenario when it is not one of the list's (an opened file): the picker names it. */
const OPENED = '__opened__';

export function Toolbar({ status, tMs, scenarios, frame, connected, redis, onRedis, onLoad, onOpenFile, onTogglePlay, onStep, onReset, onSpeed, projector, onProjector, onHelp, onExportReport }: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const state = status?.state ?? 'empty';
  const loaded = !!status?.scenario && state !== 'loading';
  const playing = state === 'playing';
  const listed = scenarios.data?.find((s) => s.file === status?.scenario?.file)?.file;
  const opened = !listed && status?.scenario ? status.scenario : null;
  const current = listed ?? (opened ? OPENED : '');

  const pick = (e: ChangeEvent<HTMLSelectElement>) => {
    if (e.target.value && e.target.value !== OPENED) onLoad(e.target.value);
  };
  const openedFile = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) onOpenFile(f);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Player">
      <span className="brand">Feedscope</span>
      <select aria-label="Scenario" value={current} onChange={pick} disabled={!connected || state === 'loading'} title={scenarios.error?.message}>
        {opened ? (
          <option value={OPENED} title={opened.file}>
            {opened.name} (opened file)
          </option>
        ) : (
          <option value="">{scenarioPlaceholder(scenarios)}</option>
        )}
        {scenarios.data?.map((s) => (
          <option key={s.file} value={s.file} disabled={!!s.error} title={s.error ?? s.description}>
            {s.name}
            {s.error ? ' (invalid)' : ''}
          </option>
        ))}
      </select>
      <label className="redis" title="Where a scenario picked from the list runs; changing it loads that scenario again. An opened file runs as it says.">
        Redis
        <select aria-label="Redis" value={redis} onChange={(e) => isRedisChoice(e.target.value) && onRedis(e.target.value)} disabled={!connected || state === 'loading'}>
          {REDIS_CHOICES.map((c) => (
            <option key={c} value={c}>
              {REDIS_CHOICE_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => fileInput.current?.click()} disabled={!connected || state === 'loading'}>
        Open file…
      </button>
      <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={openedFile} data-testid="open-file-input" />
      <span className="sep" />
      <button type="button" className="primary" onClick={onTogglePlay} disabled={!loaded} title={state === 'finished' ? 'Space: play again from the start' : 'Space'}>
        {playing ? 'Pause' : state === 'finished' ? 'Replay' : 'Play'}
      </button>
      <button type="button" onClick={onStep} disabled={!loaded || playing || state === 'finished'} title="Right arrow">
        Step
      </button>
      <button type="button" onClick={onReset} disabled={!loaded} title="R">
        Reset
      </button>
      <label className="speed">
        Speed
        <select aria-label="Speed" value={String(status?.speed ?? 1)} onChange={(e) => onSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))} disabled={!connected}>
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {s === 'max' ? 'max' : `${s}×`}
            </option>
          ))}
        </select>
      </label>
      <span className="sep" />
      <span className="readout" data-testid="sim-time" title="Simulated time">
        {state === 'loading' ? 't = —' : `t = ${fmtSimTime(tMs)}`}
        {status?.scenario && state !== 'loading' ? ` / ${fmtSimTime(status.scenario.durationMs)}` : ''}
      </span>
      <span className="readout" data-testid="events-per-sec">
        {frame && playing ? `${fmtInt(frame.eventsPerSec)} events/s` : '— events/s'}
      </span>
      <span className={`state state-${state}`} data-testid="player-state">
        {state}
      </span>
      <span className="toolbar-end">
        <details className="export-menu">
          <summary title="Download this run's report">Export</summary>
          <div className="export-items">
            <button type="button" disabled={!loaded} onClick={() => onExportReport('json')}>
              report.json
            </button>
            <button type="button" disabled={!loaded} onClick={() => onExportReport('html')}>
              report.html
            </button>
          </div>
        </details>
        <label className="projector-toggle" title="Projector mode (P): larger type, thicker highlights">
          <input type="checkbox" checked={projector} onChange={(e) => onProjector(e.target.checked)} /> Projector
        </label>
        <button type="button" onClick={onHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
          ?
        </button>
      </span>
    </div>
  );
}
