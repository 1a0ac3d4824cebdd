/**
 * Feedscope's key names, in one place. Every key starts with the run's prefix (reset deletes only
 * that prefix). With hash tags (`hashTags: true`, the cluster default) a user's keys share the tag
 * `{u<id>}`: `fs:{u42}:timeline`, `fs:{u42}:outbox`, `fs:{u42}:feed_stream`, so they live in one
 * hash slot (per-user multi-key commands stay legal on a cluster) while different users spread
 * over every slot. Without hash tags the names are the classic `fs:timeline:42`, which a cluster
 * places by the whole key (Redis Cluster spec, "Hash tags": only the part between the first `{`
 * and the next `}` is hashed, when it is not empty).
 */

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
