/**
 * Sandwich view of a flame tree (speedscope's "Sandwich"): a table of every function with its
 * self and total time, and for one chosen function two trees: its callers (the stacks that lead
 * to it, inverted: the function at the bottom, its callers above) and its callees (everything it
 * calls, merged over all the places it runs). Recursion is counted once: only the outermost
 * occurrence of the function on a stack adds to its total.
 */
import type { FlameNode } from '../../engine/api.js';

export interface FunctionRow {
  name: string;
  selfUs: number;
  totalUs: number;
}

function node(name: string): FlameNode {
  return { name, selfUs: 0, totalUs: 0, children: [] };
}

function child(parent: FlameNode, name: string): FlameNode {
  let c = parent.children.find((x) => x.name === name);
  if (!c) {
    c = node(name);
    parent.children.push(c);
  }
  return c;
}

function finish(n: FlameNode): FlameNode {
  for (const c of n.children) finish(c);
  n.children.sort((a, b) => b.totalUs - a.totalUs || a.name.localeCompare(b.name));
  n.selfUs = Math.max(0, n.totalUs - n.children.reduce((s, c) => s + c.totalUs, 0));
  return n;
}

/** Every function under the root (the root frame itself excluded), heaviest total first. */
export function functionTable(root: FlameNode): FunctionRow[] {
  const rows = new Map<string, FunctionRow>();
  const walk = (n: FlameNode, onStack: Set<string>): void => {
    let r = rows.get(n.name);
    if (!r) rows.set(n.name, (r = { name: n.name, selfUs: 0, totalUs: 0 }));
    r.selfUs += n.selfUs;
    if (!onStack.has(n.name)) r.totalUs += n.totalUs;
    const next = new Set(onStack).add(n.name);
    for (const c of n.children) walk(c, next);
  };
  for (const c of root.children) walk(c, new Set());
  return [...rows.values()].sort((a, b) => b.totalUs - a.totalUs || a.name.localeCompare(b.name));
}

/** Outermost occurrences of `name`: the node and the frames above it (root frame excluded). */
function occurrences(root: FlameNode, name: string): { n: FlameNode; callers: string[] }[] {
  const out: { n: FlameNode; callers: string[] }[] = [];
  const walk = (n: FlameNode, stack: string[]): void => {
    if (n.name === name) {
      out.push({ n, callers: stack });
      return;
    }
    for (const c of n.children) walk(c, [...stack, n.name]);
  };
  for (const c of root.children) walk(c, []);
  return out;
}

/**
 * Callers of `name` as a tree rooted at `name`: its children are its direct callers, theirs the
 * callers' callers, each weighted by the time of `name` under that stack.
 */
export function callersTree(root: FlameNode, name: string): FlameNode {
  const top = node(name);
  for (const { n, callers } of occurrences(root, name)) {
    top.totalUs += n.totalUs;
    let at = top;
    for (let i = callers.length - 1; i >= 0; i--) {
      at = child(at, callers[i]);
      at.totalUs += n.totalUs;
    }
  }
  return finish(top);
}

/** Callees of `name`: the subtrees under every outermost occurrence, merged into one tree. */
export function calleesTree(root: FlameNode, name: string): FlameNode {
  const top = node(name);
  const merge = (into: FlameNode, from: FlameNode): void => {
    into.totalUs += from.totalUs;
    for (const c of from.children) merge(child(into, c.name), c);
  };
  for (const { n } of occurrences(root, name)) merge(top, n);
  return finish(top);
}
