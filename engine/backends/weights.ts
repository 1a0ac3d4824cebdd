/** Interest weights are stored with 3 decimals, the generator's resolution (its Float32Array holds them inexactly). */
export function roundWeight(w: number): number {
  return Math.round(w * 1000) / 1000;
}
