/**
 * The scan's time budget: after each batch, wait until the time the server spent on our batches
 * is at most `budgetPct` of the wall time since the scan began (paused time excluded). The
 * server's time is measured from the batches' round trips, an upper bound (it includes the
 * network and our client), so the real share is at most the budget.
 */

/** Milliseconds to wait before the next batch so that busy / elapsed <= budgetPct / 100. */
export function throttleDelayMs(busyMs: number, elapsedMs: number, budgetPct: number): number {
  if (budgetPct >= 100) return 0;
  return Math.max(0, (busyMs * 100) / budgetPct - elapsedMs);
}
