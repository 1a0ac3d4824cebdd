/** The force layout (forceLayout.ts) off the main thread: one message in, the positions out. */
import { forceLayout, type LayoutInput } from './forceLayout.js';

self.onmessage = (e: MessageEvent<LayoutInput & { seq: number }>) => {
  const { seq, ...input } = e.data;
  self.postMessage({ seq, positions: forceLayout(input) });
};
