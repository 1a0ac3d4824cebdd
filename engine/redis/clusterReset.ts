/**
 * Feedscope's reset on a Redis Cluster: every key under the prefix goes, on every master, and
 * nothing else; never FLUSHALL (the cluster may hold other people's data). The cluster version of
 * deletePrefix() in connect.ts.
 *
 * SCAN is not routed by key, so each master is scanned for the keys it holds. A multi-key UNLINK
 * across slots fails with CROSSSLOT, so each key gets its own UNLINK, pipelined per SCAN batch. A
 * key found in a slot that is being resharded may answer -ASK (it has just moved) or -MOVED (the
 * node holds it for a slot it is importing): it is deleted with ASKING where it now is.
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { checkPrefix, prefixPattern } from './keys.js';

const SCAN_COUNT = 1000;

/**
 * Deletes every key that starts with exactly `prefix` on every master in `masters` (one client
 * per master: RedisCluster.masterClients(), or an ioredis Cluster's nodes('master')). Returns how
 * many went. As deletePrefix: glob characters are escaped, only keys that start with the prefix's
 * bytes go, and the prefix must end in a separator (checkPrefix).
 */
export async function deletePrefixCluster(masters: readonly Redis[], prefix: string): Promise<number> {
  checkPrefix(prefix);
  const counts = await Promise.all(masters.map((m) => deleteOnNode(m, masters, prefix)));
  return counts.reduce((a, b) => a + b, 0);
}

async function deleteOnNode(node: Redis, masters: readonly Redis[], prefix: string): Promise<number> {
  const exact = Buffer.from(prefix);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await node.scanBuffer(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', SCAN_COUNT);
    cursor = next.toString();
    const keys = found.filter((k) => k.subarray(0, exact.length).equals(exact));
    if (keys.length === 0) continue;
    const pipe = node.pipeline();
    for (const k of keys) pipe.unlink(k);
    const results = (await pipe.exec()) ?? [];
    for (const [i, [err, n]] of results.entries()) {
      if (!err) deleted += Number(n);
      else deleted += await unlinkRedirected(keys[i], err, node, masters);
    }
  } while (cursor !== '0');
  return deleted;
}

/**
 * UNLINK of `key` after a redirect, with ASKING: -ASK names the node the key has just moved to;
 * -MOVED from the node that holds it means that node is importing the slot, so the key is here.
 */
async function unlinkRedirected(key: Buffer, err: Error, node: Redis, masters: readonly Redis[]): Promise<number> {
  const m = /^(ASK|MOVED) \d+ (.+):(\d+)$/.exec(err.message);
  const there = m?.[1] === 'MOVED' ? node : m && masters.find((c) => c.options.port === Number(m[3]) && (c.options.host ?? '127.0.0.1') === m[2]);
  const where = `${node.options.host}:${node.options.port}`;
  if (!there) {
    throw new FeedscopeError('RESET_FAILED', `UNLINK of ${key.toString()} on ${where} failed: ${err.message}. Pass a client for every master of the cluster (RedisCluster.masterClients()).`, { cause: err });
  }
  const [, [e2, n] = [null, 0]] = (await there.pipeline().asking().unlink(key).exec()) ?? [];
  if (e2) throw new FeedscopeError('RESET_FAILED', `UNLINK of ${key.toString()} (found on ${where}) failed: ${e2.message}. Wait for the reshard to finish and reset again.`, { cause: e2 });
  return Number(n);
}
