/**
 * The scenario's captions as named chapters (issue 14): the current one's text, a list to jump to
 * any of them and a scrubber over the whole run. A jump replays from t=0 to the chosen time (the
 * same seed gives the same events, so the same state), then pauses there.
 */
import { useState } from 'react';
import { fmtSimTime } from '../format.js';

export interface Chapter {
  atMs: number;
  text: string;
}

interface Props {
  chapters: Chapter[];
  tMs: number;
  durationMs: number;
  /** The caption of the latest frame (scenarios without chapters still show it). */
  caption: string | null;
  /** Set while a jump replays: its target. */
  jumpingTo: number | null;
  disabled: boolean;
  onJump(tMs: number): void;
}

const NAME_CHARS = 48;

/** "0:30 Graph reads recall along four paths…": the time and the caption's first words. */
export function chapterName(c: Chapter): string {
  const s = Math.round(c.atMs / 1000);
  const text = c.text.length > NAME_CHARS ? `${c.text.slice(0, NAME_CHARS).replace(/\s+\S*$/, '')}…` : c.text;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} ${text}`;
}

/** Index of the chapter playing at `tMs` (-1 before the first). */
export function currentChapter(chapters: readonly Chapter[], tMs: number): number {
  let i = -1;
  chapters.forEach((c, k) => {
    if (c.atMs <= tMs) i = k;
  });
  return i;
}

export function Chapters({ chapters, tMs, durationMs, caption, jumpingTo, disabled, onJump }: Props) {
  const [scrub, setScrub] = useState<number | null>(null);
  if (chapters.length === 0) return caption ? <div className="caption">{caption}</div> : null;
  const i = currentChapter(chapters, jumpingTo ?? tMs);
  const text = i >= 0 ? chapters[i].text : caption;
  const step = Math.max(100, Math.round(durationMs / 1000) * 1);
  return (
    <div className="chapters" data-testid="chapters">
      <select aria-label="Chapter" value={i >= 0 ? String(i) : ''} disabled={disabled} onChange={(e) => e.target.value !== '' && onJump(chapters[Number(e.target.value)].atMs)}>
        {i < 0 && <option value="">Chapters ({chapters.length})</option>}
        {chapters.map((c, k) => (
          <option key={k} value={String(k)}>
            {k + 1}/{chapters.length} · {chapterName(c)}
          </option>
        ))}
      </select>
      <span className="caption-text" data-testid="caption">
        {jumpingTo !== null ? `Replaying to ${fmtSimTime(jumpingTo)}…` : text}
      </span>
      <span className="scrubber">
        <input
          type="range"
          aria-label="Scrub to a time"
          min={0}
          max={durationMs}
          step={step}
          value={scrub ?? jumpingTo ?? tMs}
          disabled={disabled}
          list="chapter-marks"
          onChange={(e) => setScrub(Number(e.target.value))}
          onPointerUp={() => scrub !== null && (onJump(scrub), setScrub(null))}
          onKeyUp={(e) => e.key === 'Enter' && scrub !== null && (onJump(scrub), setScrub(null))}
        />
        <datalist id="chapter-marks">
          {chapters.map((c, k) => (
            <option key={k} value={c.atMs} />
          ))}
        </datalist>
        <span className="scrub-time">{fmtSimTime(scrub ?? jumpingTo ?? tMs)}</span>
      </span>
    </div>
  );
}
