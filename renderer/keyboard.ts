/**
 * Keyboard shortcuts, wherever focus is except in a text field (a clicked button or select keeps
 * focus, and the keys must still work: a trainer clicks Play, then presses Space). KEYS is the one
 * list: the handler and the help overlay (`?`) both read it.
 */
import { useEffect } from 'react';
import type { MaxPanel } from './store/ui.js';

export interface KeyActions {
  togglePlay(): void;
  step(): void;
  resetFromKey(): void;
  toggleProjector(): void;
  toggleMaximise(panel: MaxPanel): void;
  setHelp(open: boolean): void;
  cancelReset(): void;
  reset(): void;
}

export interface KeyState {
  help: boolean;
  confirmReset: boolean;
  maximised: MaxPanel | null;
}

export interface KeyBinding {
  keys: string[];
  /** As the help overlay shows it. */
  label: string;
  what: string;
  run(a: KeyActions, s: KeyState): void;
}

export const KEYS: readonly KeyBinding[] = [
  { keys: [' '], label: 'Space', what: 'play / pause (at the end: play again from the start)', run: (a) => a.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'step one tick (paused)', run: (a) => a.step() },
  { keys: ['r', 'R'], label: 'R', what: 'reset to t = 0 (a big scenario asks first)', run: (a) => a.resetFromKey() },
  { keys: ['p', 'P'], label: 'P', what: 'projector mode: larger type, thicker highlights', run: (a) => a.toggleProjector() },
  { keys: ['g', 'G'], label: 'G', what: 'maximise the follow graph (again: restore)', run: (a) => a.toggleMaximise('graph') },
  { keys: ['f', 'F'], label: 'F', what: 'maximise the feeds (again: restore)', run: (a) => a.toggleMaximise('feeds') },
  { keys: ['c', 'C'], label: 'C', what: 'maximise the charts and inspectors (again: restore)', run: (a) => a.toggleMaximise('lower') },
  { keys: ['?'], label: '?', what: 'this help', run: (a, s) => a.setHelp(!s.help) },
  { keys: ['Escape'], label: 'Esc', what: 'close help, cancel a reset, restore a maximised panel', run: escape },
];

function escape(a: KeyActions, s: KeyState): void {
  if (s.confirmReset) a.cancelReset();
  else if (s.help) a.setHelp(false);
  else if (s.maximised) a.toggleMaximise(s.maximised);
}

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'password', 'url', 'tel']);

/** A field where keys are typed: shortcuts stay out of it. */
export function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return true;
  return t instanceof HTMLInputElement && TEXT_INPUTS.has(t.type);
}

export function useKeyboard(actions: KeyActions, state: () => KeyState): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTextField(e.target) && e.key !== 'Escape') return;
      const s = state();
      if (s.confirmReset && e.key === 'Enter') {
        e.preventDefault();
        actions.reset();
        return;
      }
      const b = KEYS.find((k) => k.keys.includes(e.key));
      if (!b) return;
      // A focused button would click itself on Space, a select would open or change: ours instead.
      if (e.target instanceof HTMLButtonElement || e.target instanceof HTMLSelectElement) e.target.blur();
      e.preventDefault();
      b.run(actions, s);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, state]);
}
