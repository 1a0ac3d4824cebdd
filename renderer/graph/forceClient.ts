/**
 * The force layout's worker (forceWorker.ts), started on first use: the latest request wins, an
 * answer to an older one is dropped. Without workers (a page that cannot start one) nothing
 * happens and the rings stay.
 */
import type { GraphView } from '../../engine/api.js';
import type { Positions } from './forceLayout.js';

let worker: Worker | null | undefined;
let latest = 0;

export function forceLayoutInWorker(ids: string[], edges: GraphView['edges'], done: (p: Positions) => void): void {
  if (worker === undefined) {
    try {
      worker = new Worker(new URL('./forceWorker.ts', import.meta.url), { type: 'module' });
    } catch {
      worker = null;
    }
  }
  if (!worker) return;
  const index = new Map(ids.map((id, i) => [id, i]));
  const e: [number, number][] = [];
  for (const [u, v] of edges) {
    const a = index.get(String(u));
    const b = index.get(String(v));
    if (a !== undefined && b !== undefined) e.push([a, b]);
  }
  const seq = ++latest;
  const w = worker;
  const onMessage = (m: MessageEvent<{ seq: number; positions: Positions }>) => {
    if (m.data.seq !== seq) return;
    w.removeEventListener('message', onMessage);
    if (seq === latest) done(m.data.positions);
  };
  w.addEventListener('message', onMessage);
  w.postMessage({ seq, ids, edges: e });
}
