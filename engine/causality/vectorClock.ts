/**
 * Vector clocks (Fidge 1988, Mattern 1989): one counter per node; an event ticks its own node's
 * counter; a receive first takes the element-wise max with the message's clock. `a ≺ b` (a
 * happened before b) exactly when a <= b element-wise and a != b; neither way: concurrent.
 * Clocks are plain number arrays indexed by node (the drift lab's writer nodes).
 */

export type VectorClock = readonly number[];

export function vcZero(nodes: number): number[] {
  return new Array<number>(nodes).fill(0);
}

/** `into` becomes max(into, other), element-wise (in place). */
export function vcMergeInto(into: number[], other: VectorClock): void {
  for (let i = 0; i < into.length; i++) if ((other[i] ?? 0) > into[i]) into[i] = other[i];
}

export type VcOrder = 'before' | 'after' | 'equal' | 'concurrent';

/** How `a` relates to `b`: 'before' is a ≺ b. */
export function vcCompare(a: VectorClock, b: VectorClock): VcOrder {
  let less = false;
  let more = false;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x < y) less = true;
    else if (x > y) more = true;
    if (less && more) return 'concurrent';
  }
  return less ? 'before' : more ? 'after' : 'equal';
}

/** a ≺ b. */
export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  return vcCompare(a, b) === 'before';
}

/** ShiViz's clock field: `{"host": counter, ...}` without zero entries. */
export function vcJson(vc: VectorClock, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < vc.length; i++) if (vc[i] > 0) out[names[i]] = vc[i];
  return out;
}
