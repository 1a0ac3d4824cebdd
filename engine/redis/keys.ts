/**
 * Feedscope's key names, in one place. Every key starts with the run's prefix (reset deletes only
 * that prefix). With hash tags (`hashTags: true`, the cluster default) a user's keys share the tag
 * `{u<id>}`: `fs:{u42}:timeline`, `fs:{u42}:outbox`, `fs:{u42}:feed_stream`, so they live in one
 * hash slot (per-user multi-key commands stay legal on a cluster) while different users spread
 * over every slot. Without hash tags the names are the classic `fs:timeline:42`, which a cluster
 * places by the whole key (Redis Cluster spec, "Hash tags": only the part between the first `{`
 * and the next `}` is hashed, when it is not empty).
 */

import { FeedscopeError } from '../errors.js';

/**
 * Why `prefix` may not name Feedscope's keys, or null when it may. A reset deletes every key
 * that starts with the prefix, so the prefix must end in a separator (`:` or another character
 * that is not a letter or digit): with `fs` a reset would take `fsx:1` and `fs;1` of another
 * application too, with `fs:` only Feedscope's `fs:...`.
 */
export function prefixProblem(prefix: string): string | null {
  if (prefix === '') return 'is empty, which would name every key on the server';
  if (/[\p{L}\p{N}]$/u.test(prefix)) return `does not end in a separator, so it would also name other applications' keys that merely start with "${prefix}" (such as "${prefix}x:1")`;
  return null;
}

/**
 * Throws PREFIX_INVALID (PREFIX_EMPTY for ''), naming the flag that sets the prefix, when `prefix` may not be used
 * (prefixProblem). `flag`: how the user gives it (the CLI's --prefix by default).
 */
export function checkPrefix(prefix: string, flag = '--prefix'): void {
  const problem = prefixProblem(prefix);
  if (!problem) return;
  const fix = prefix === '' ? `${flag} fs:` : `${flag} ${prefix}:`;
  throw new FeedscopeError(prefix === '' ? 'PREFIX_EMPTY' : 'PREFIX_INVALID', `The key prefix ${JSON.stringify(prefix)} (${flag}) ${problem}. Give a prefix that ends in ":" or another character that is not a letter or digit, e.g. ${fix}`);
}

/** SCAN MATCH pattern of every key that starts with `prefix`: glob characters in it match only themselves. */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

export interface KeySpaceOptions {
  prefix: string;
  hashTags?: boolean;
}

export class KeySpace {
  readonly prefix: string;
  readonly hashTags: boolean;

  constructor(o: KeySpaceOptions) {
    this.prefix = o.prefix;
    this.hashTags = o.hashTags ?? false;
  }

  private userKey(kind: string, user: number): string {
    return this.hashTags ? `${this.prefix}{u${user}}:${kind}` : `${this.prefix}${kind}:${user}`;
  }

  /** The user's home timeline ZSET (Timeline model, push). */
  timeline(user: number): string {
    return this.userKey('timeline', user);
  }

  /** The author's outbox LIST (pull and hybrid reads). */
  outbox(user: number): string {
    return this.userKey('outbox', user);
  }

  /** The user's ranked-feed STREAM (Graph model's cache). */
  feedStream(user: number): string {
    return this.userKey('feed_stream', user);
  }

  /** One HASH shard of post bodies (post id -> JSON). */
  postBody(shard: number): string {
    return `${this.prefix}post_body:${shard}`;
  }

  /** A glob that matches every outbox, for labels ("fs:outbox:*"). */
  outboxPattern(): string {
    return this.hashTags ? `${this.prefix}{u*}:outbox` : `${this.prefix}outbox:*`;
  }
}
