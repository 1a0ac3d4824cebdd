/**
 * The happened-before graph of article 2.1: events E and, per event, the events it directly
 * follows (its previous event on the same node, the send of a delivery, the post a reply or a
 * like depends on). Transitively these edges are ≺. The causal cone of e, {e' | e' ≺ e or
 * e' = e}, is found as the article's `is_causally_bound` finds it: a reverse DFS from e along
 * those edges. One DFS visits each event and each edge at most once, so it costs
 * O(|E| + |≺|) time, with |≺| here the number of direct edges stored (the adjacency list the
 * article's `hb_graph` is), and as much space.
 *
 * Ours differs from the article's snippet in one way: `visited` is checked before an event is
 * pushed, not after it is popped, so an event reached along many paths is stacked once.
 */

export interface ConeResult {
  /** Event ids of the cone, the event itself included. */
  members: Set<number>;
  /** Events popped (= |members|) and edges followed: the DFS's work. */
  visited: number;
  edgesTraversed: number;
}

export class HappenedBefore {
  /** preds[e]: the events e directly follows. */
  private readonly preds: number[][] = [];
  private edgeCount = 0;

  get events(): number {
    return this.preds.length;
  }

  /** Direct edges stored (|≺| of the cost). */
  get edges(): number {
    return this.edgeCount;
  }

  /** Adds the next event (ids are 0, 1, 2, ... in order) and returns its id. Predecessors must exist. */
  add(preds: readonly number[]): number {
    const id = this.preds.length;
    const ps = [...new Set(preds.filter((p) => p >= 0 && p < id))];
    this.preds.push(ps);
    this.edgeCount += ps.length;
    return id;
  }

  predecessors(e: number): readonly number[] {
    return this.preds[e] ?? [];
  }

  /** The causal cone of `e` by reverse DFS. */
  cone(e: number): ConeResult {
    const members = new Set<number>();
    let edgesTraversed = 0;
    if (e < 0 || e >= this.preds.length) return { members, visited: 0, edgesTraversed: 0 };
    const stack = [e];
    members.add(e);
    while (stack.length > 0) {
      const cur = stack.pop() as number;
      for (const p of this.preds[cur]) {
        edgesTraversed++;
        if (!members.has(p)) {
          members.add(p);
          stack.push(p);
        }
      }
    }
    return { members, visited: members.size, edgesTraversed };
  }

  /** The article's `is_causally_bound(e1, e2)`: e1 ≺ e2 or e1 = e2, by reverse DFS from e2 that stops at e1. */
  isCausallyBound(e1: number, e2: number): boolean {
    if (e1 === e2) return e1 >= 0 && e1 < this.preds.length;
    if (e1 > e2) return false; // ids follow a linear extension of ≺
    const seen = new Set<number>([e2]);
    const stack = [e2];
    while (stack.length > 0) {
      const cur = stack.pop() as number;
      if (cur === e1) return true;
      for (const p of this.preds[cur]) {
        if (p >= e1 && !seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return false;
  }
}
