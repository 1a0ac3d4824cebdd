/**
 * Folded stacks ("a;b;c 123", one line per distinct stack, as report.json `spans` and
 * flamegraph.pl's stackcollapse output) as a tree of frames for drawing, and the difference of
 * two profiles in the manner of flamegraph.pl's difffolded.pl: each stack with the value of the
 * first run and of the second; widths come from the second, colour from the change.
 * Normalised (difffolded.pl -n): the first run's values are scaled so both totals match, so a
 * longer run does not paint everything red.
 */

export interface FlameNode {
  name: string;
  /** Inclusive value (here: microseconds of spans) of this frame in the drawn run. */
  value: number;
  /** Diff only: the inclusive value in the first run, normalised to the second's total. */
  before?: number;
  children: FlameNode[];
}

/** Parses folded lines; the value is the last space-separated field (stack names may hold spaces). */
export function parseFolded(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const i = line.lastIndexOf(' ');
    if (i <= 0) continue;
    const v = Number(line.slice(i + 1));
    if (!Number.isFinite(v) || v < 0) continue;
    const stack = line.slice(0, i);
    out.set(stack, (out.get(stack) ?? 0) + v);
  }
  return out;
}

function child(node: FlameNode, name: string, diff: boolean): FlameNode {
  let c = node.children.find((x) => x.name === name);
  if (!c) {
    c = diff ? { name, value: 0, before: 0, children: [] } : { name, value: 0, children: [] };
    node.children.push(c);
  }
  return c;
}

function sortTree(n: FlameNode): void {
  // Alphabetical, as flamegraph.pl draws: the same frames sit in the same places in both runs.
  n.children.sort((a, b) => a.name.localeCompare(b.name));
  n.children.forEach(sortTree);
}

/** One run's tree: a root "all" whose value is the sum of every stack. */
export function flameTree(folded: ReadonlyMap<string, number>): FlameNode {
  const root: FlameNode = { name: 'all', value: 0, children: [] };
  for (const [stack, v] of folded) {
    root.value += v;
    let n = root;
    for (const f of stack.split(';')) {
      n = child(n, f, false);
      n.value += v;
    }
  }
  sortTree(root);
  return root;
}

/**
 * The differential tree: widths (`value`) from `after`, `before` from the first run scaled by
 * total(after) / total(before). A stack only in the first run has width 0 (it shrank to nothing:
 * as in difffolded.pl, it is not drawn, but its loss shows in its parents' colour).
 */
export function diffTree(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): FlameNode {
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const tb = sum(before);
  const ta = sum(after);
  const scale = tb > 0 ? ta / tb : 0;
  const root: FlameNode = { name: 'all', value: 0, before: 0, children: [] };
  const stacks = new Set([...before.keys(), ...after.keys()]);
  for (const stack of stacks) {
    const a = after.get(stack) ?? 0;
    const b = (before.get(stack) ?? 0) * scale;
    root.value += a;
    root.before! += b;
    let n = root;
    for (const f of stack.split(';')) {
      n = child(n, f, true);
      n.value += a;
      n.before! += b;
    }
  }
  sortTree(root);
  return root;
}
