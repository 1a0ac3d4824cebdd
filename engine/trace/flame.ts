/**
 * Flame graphs from the tracer's spans (Brendan Gregg's flame graphs; the two layouts speedscope
 * offers):
 * - left-heavy: the cumulative folded stacks (`a;b;c` -> self us) merged into one tree, children
 *   sorted by total time, heaviest on the left: where the time went, over the whole run;
 * - time-ordered: the tracer's ring of recent spans, children in order of their first start:
 *   what ran when, over the last spans only.
 * A root span is an operation kind (`timeline.readOffset`); the model is its first dotted part
 * (`timeline`), so graphs can be cut per model and per operation.
 *
 * Exports: folded stacks (flamegraph.pl, inferno, speedscope all read them) and speedscope's
 * own JSON file format (https://www.speedscope.app/file-format-schema.json), one sampled
 * profile per view, weights in microseconds.
 */
import type { FlameNode } from '../api.js';
import type { SpanRecord } from './Tracer.js';

export const FLAME_ROOT = 'all';
const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export interface FlameFilter {
  /** First dotted part of the root span (`timeline`, `graph`), or null for all. */
  model?: string | null;
  /** Root span name (`timeline.readOffset`), or null for all. */
  operation?: string | null;
}

/** The root frame of a folded path. */
function rootOf(path: string): string {
  const i = path.indexOf(';');
  return i < 0 ? path : path.slice(0, i);
}

export function modelOf(operation: string): string {
  const i = operation.indexOf('.');
  return i < 0 ? operation : operation.slice(0, i);
}

export function matches(path: string, f: FlameFilter): boolean {
  const root = rootOf(path);
  if (f.operation && root !== f.operation) return false;
  if (f.model && modelOf(root) !== f.model) return false;
  return true;
}

/** Models and operation kinds present in these paths, sorted. */
export function flameIndex(paths: Iterable<string>): { models: string[]; operations: string[] } {
  const ops = new Set<string>();
  for (const p of paths) ops.add(rootOf(p));
  const operations = [...ops].sort();
  return { models: [...new Set(operations.map(modelOf))].sort(), operations };
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

/** Left-heavy tree from folded stacks (self microseconds per path). */
export function flameFromFolded(folded: Iterable<readonly [string, number]>, filter: FlameFilter = {}): FlameNode {
  const root = node(FLAME_ROOT);
  for (const [path, selfUs] of folded) {
    if (selfUs <= 0 || !matches(path, filter)) continue;
    let at = root;
    at.totalUs += selfUs;
    for (const frame of path.split(';')) {
      at = child(at, frame);
      at.totalUs += selfUs;
    }
    at.selfUs += selfUs;
  }
  sortLeftHeavy(root);
  return root;
}

function sortLeftHeavy(n: FlameNode): void {
  n.children.sort((a, b) => b.totalUs - a.totalUs || a.name.localeCompare(b.name));
  for (const c of n.children) sortLeftHeavy(c);
}

/**
 * Time-ordered tree from span records: a node's total is the summed duration of the spans on its
 * path, its self time what its children do not cover (concurrent children can cover more than
 * their parent: self is then 0). Children keep the order of their first start.
 */
export function flameFromSpans(spans: readonly SpanRecord[], filter: FlameFilter = {}): FlameNode {
  const byPath = new Map<string, { us: number; first: number }>();
  for (const s of spans) {
    if (!matches(s.path, filter)) continue;
    const e = byPath.get(s.path);
    if (e) {
      e.us += s.durationUs;
      e.first = Math.min(e.first, s.startMs);
    } else byPath.set(s.path, { us: s.durationUs, first: s.startMs });
  }
  const root = node(FLAME_ROOT);
  const firstStart = new Map<FlameNode, number>();
  for (const [path, e] of [...byPath].sort((a, b) => a[1].first - b[1].first)) {
    let at = root;
    for (const frame of path.split(';')) {
      at = child(at, frame);
      if (!firstStart.has(at)) firstStart.set(at, e.first);
    }
    at.totalUs += e.us;
  }
  const fix = (n: FlameNode): void => {
    for (const c of n.children) fix(c);
    const childUs = n.children.reduce((s, c) => s + c.totalUs, 0);
    if (n === root) n.totalUs = childUs;
    // A parent seen only through its children (its own span fell out of the ring) spans them.
    if (n.totalUs < childUs && n !== root && n.totalUs === 0) n.totalUs = childUs;
    n.selfUs = Math.max(0, n.totalUs - childUs);
    n.children.sort((a, b) => (firstStart.get(a) ?? 0) - (firstStart.get(b) ?? 0));
  };
  fix(root);
  return root;
}

/** Folded stacks of a tree (self time per path), `a;b;c 123` per line, without the root frame. */
export function foldedLines(root: FlameNode): string[] {
  const out: string[] = [];
  const walk = (n: FlameNode, prefix: string): void => {
    const path = prefix ? `${prefix};${n.name}` : n.name;
    if (n.selfUs > 0) out.push(`${path} ${Math.round(n.selfUs)}`);
    for (const c of n.children) walk(c, path);
  };
  for (const c of root.children) walk(c, '');
  return out;
}

/** A speedscope file with one sampled profile per named tree (sample = a stack, weight = self us). */
export function toSpeedscope(name: string, profiles: { name: string; root: FlameNode }[]): object {
  const frames: { name: string }[] = [];
  const frameIndex = new Map<string, number>();
  const idx = (f: string): number => {
    let i = frameIndex.get(f);
    if (i === undefined) {
      i = frames.length;
      frames.push({ name: f });
      frameIndex.set(f, i);
    }
    return i;
  };
  const out = profiles.map((p) => {
    const samples: number[][] = [];
    const weights: number[] = [];
    const walk = (n: FlameNode, stack: number[]): void => {
      const s = [...stack, idx(n.name)];
      if (n.selfUs > 0) {
        samples.push(s);
        weights.push(Math.round(n.selfUs));
      }
      for (const c of n.children) walk(c, s);
    };
    for (const c of p.root.children) walk(c, []);
    const total = weights.reduce((a, b) => a + b, 0);
    return { type: 'sampled', name: p.name, unit: 'microseconds', startValue: 0, endValue: total, samples, weights };
  });
  return { $schema: SPEEDSCOPE_SCHEMA, name, exporter: 'feedscope', activeProfileIndex: 0, shared: { frames }, profiles: out };
}

/** Finds the node at a frame path (`all;timeline.readOffset;redis.ZREVRANGE`), for zooming. */
export function findNode(root: FlameNode, path: readonly string[]): FlameNode | null {
  let at: FlameNode | undefined = root;
  for (const f of path.slice(path[0] === root.name ? 1 : 0)) {
    at = at.children.find((c) => c.name === f);
    if (!at) return null;
  }
  return at;
}
