/**
 * The window's own pieces wired to the store (issue 14): the fan-out monitor and speed line, the
 * help overlay and the question before a big reset. Each subscribes to the slice it shows.
 */
import { useCallback } from 'react';
import { useKeyboard, type KeyState } from './keyboard.js';
import { Chapters } from './panels/Chapters.js';
import { MonitorBar } from './panels/MonitorBar.js';
import { ConfirmReset, HelpOverlay } from './panels/Overlays.js';
import type { Controller } from './store/controller.js';
import { useStore, type Store } from './store/store.js';
import { achievedSpeed } from './store/ui.js';

interface Props {
  store: Store;
  c: Controller;
}

export function ConnectedMonitor({ store }: { store: Store }) {
  const fanout = useStore(store, (s) => s.frame?.fanout ?? null);
  const behindMs = useStore(store, (s) => s.frame?.behindMs ?? null);
  const speed = useStore(store, (s) => s.status?.speed ?? 1);
  const playing = useStore(store, (s) => s.status?.state === 'playing');
  const clock = useStore(store, (s) => s.ui.clock);
  const timeline = useStore(store, (s) => s.status?.scenario?.models.includes('timeline') ?? false);
  const loaded = useStore(store, (s) => !!s.status?.scenario && s.status.state !== 'loading');
  if (!loaded) return null;
  return <MonitorBar fanout={fanout} behindMs={behindMs} speed={speed} achieved={achievedSpeed(clock)} playing={playing} timeline={timeline} />;
}

const NO_CHAPTERS: { atMs: number; text: string }[] = [];

/** The caption row: the scenario's chapters with a scrubber, or the frame's caption. */
export function ConnectedChapters({ store, c }: Props) {
  const chapters = useStore(store, (s) => s.status?.scenario?.captions ?? NO_CHAPTERS);
  const tMs = useStore(store, (s) => s.tMs);
  const durationMs = useStore(store, (s) => s.status?.scenario?.durationMs ?? 0);
  const caption = useStore(store, (s) => s.frame?.caption ?? null);
  const jumpingTo = useStore(store, (s) => s.ui.jumpingTo);
  const loading = useStore(store, (s) => !s.status?.scenario || s.status.state === 'loading');
  return <Chapters chapters={loading ? NO_CHAPTERS : chapters} tMs={tMs} durationMs={durationMs} caption={caption} jumpingTo={jumpingTo} disabled={loading || jumpingTo !== null} onJump={(t) => void c.jumpTo(t)} />;
}

export function ConnectedOverlays({ store, c }: Props) {
  const help = useStore(store, (s) => s.ui.help);
  const confirm = useStore(store, (s) => s.ui.confirmReset);
  const scenario = useStore(store, (s) => s.status?.scenario ?? null);
  const keyState = useCallback((): KeyState => {
    const s = store.get();
    return { help: s.ui.help, confirmReset: s.ui.confirmReset, maximised: s.ui.maximised };
  }, [store]);
  useKeyboard(c, keyState);
  return (
    <>
      {help && <HelpOverlay onClose={() => c.setHelp(false)} />}
      {confirm && scenario && <ConfirmReset name={scenario.name} users={scenario.users} onYes={() => void c.reset()} onNo={c.cancelReset} />}
    </>
  );
}
