/** Keyboard: space play/pause, right arrow step, r reset (not while typing in a field). */
import { useEffect } from 'react';

export interface KeyActions {
  togglePlay(): void;
  step(): void;
  reset(): void;
}

export function useKeyboard(actions: KeyActions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      // Form controls keep their own keys (space on a focused button clicks it already).
      if (t && ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(t.tagName)) return;
      if (e.key === ' ') actions.togglePlay();
      else if (e.key === 'ArrowRight') actions.step();
      else if (e.key === 'r' || e.key === 'R') actions.reset();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
