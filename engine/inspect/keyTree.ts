/**
 * The key browser's tree: keys grouped by their `:`-separated prefixes, with counts. Only
 * prefixes are stored (a key's last segment is the key itself), at most MAX_TREE_DEPTH levels
 * deep and MAX_CHILDREN_TRACKED distinct children per node, so a million `timeline:{uid}` keys
 * make one node with a count, not a million nodes.
 */
import type { KeyTreeNode } from '../api.js';

export const MAX_TREE_DEPTH = 4;
export const MAX_CHILDREN_TRACKED = 2000;
/** Children listed per node in a view (the heaviest first). */
export const MAX_CHILDREN_SHOWN = 100;

interface Node {
  count: number;
  children: Map<string, Node>;
  /** Keys that would have opened a child past MAX_CHILDREN_TRACKED. */
  overflow: number;
}

const newNode = (): Node => ({ count: 0, children: new Map(), overflow: 0 });

export class KeyTree {
  private root = newNode();

  get size(): number {
    return this.root.count;
  }

  add(key: string): void {
    let at = this.root;
    at.count++;
    const parts = key.split(':');
    const depth = Math.min(parts.length - 1, MAX_TREE_DEPTH);
    for (let i = 0; i < depth; i++) {
      let next = at.children.get(parts[i]);
      if (!next) {
        if (at.children.size >= MAX_CHILDREN_TRACKED) {
          at.overflow++;
          return;
        }
        next = newNode();
        at.children.set(parts[i], next);
      }
      next.count++;
      at = next;
    }
  }

  clear(): void {
    this.root = newNode();
  }

  view(maxChildren = MAX_CHILDREN_SHOWN): KeyTreeNode {
    const build = (name: string, prefix: string, n: Node): KeyTreeNode => {
      const kids = [...n.children].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
      return {
        name,
        prefix,
        count: n.count,
        children: kids.slice(0, maxChildren).map(([k, c]) => build(k, `${prefix}${k}:`, c)),
        hiddenChildren: Math.max(0, kids.length - maxChildren) + (n.overflow > 0 ? 1 : 0),
      };
    };
    return build('', '', this.root);
  }
}
