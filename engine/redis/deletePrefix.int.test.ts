/**
 * Reset on a server that holds other people's keys: only keys that start with exactly the
 * prefix go, glob characters in the prefix match only themselves, and a prefix without a
 * separator is refused (with the flag named) before anything is deleted. Both the one-server
 * reset and the cluster one (run here on one server as its only "master").
 */
import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { usePrivateRedis } from '../test/helpers.js';
import { deletePrefixCluster } from './clusterReset.js';
import { deletePrefix } from './connect.js';

const redis = usePrivateRedis();

/** Keys of other applications, each a trap for one way of getting the prefix wrong. */
const FOREIGN = ['fs', 'fsx:1', 'fs*', 'fs;1', 'fs?:1', 'f*:x', 'fx:1', 'other:fs:1'];

async function seed(ours: string[]): Promise<void> {
  const c = redis.handle.client;
  await c.flushall();
  for (const k of [...FOREIGN, ...ours]) await c.set(k, '1');
}

async function keys(): Promise<string[]> {
  return (await redis.handle.client.keys('*')).sort();
}

for (const [name, reset] of [
  ['deletePrefix', (prefix: string) => deletePrefix(redis.handle.client, prefix)],
  ['deletePrefixCluster', (prefix: string) => deletePrefixCluster([redis.handle.client], prefix)],
] as const) {
  describe(name, () => {
    it('refuses a prefix without a separator, naming --prefix, and deletes nothing', async () => {
      await seed(['fs:timeline:1']);
      for (const prefix of ['fs', 'f', 'fs:x', 'été']) {
        const err = await reset(prefix).catch((e: unknown) => e);
        expect(err, prefix).toBeInstanceOf(FeedscopeError);
        expect((err as FeedscopeError).code).toBe('PREFIX_INVALID');
        expect((err as Error).message).toContain(`"${prefix}" (--prefix) does not end in a separator`);
        expect((err as Error).message).toContain(`--prefix ${prefix}:`);
      }
      expect((await reset('').catch((e: unknown) => e) as FeedscopeError).code).toBe('PREFIX_EMPTY');
      expect(await keys()).toEqual([...FOREIGN, 'fs:timeline:1'].sort());
    });

    it('deletes exactly the keys under "fs:", binary-safe, and nothing else', async () => {
      await seed(['fs:timeline:1', 'fs:{u1}:outbox', 'fs:']);
      await redis.handle.client.set(Buffer.from([0x66, 0x73, 0x3a, 0xff, 0xfe]), '1');
      expect(await reset('fs:')).toBe(4);
      expect(await keys()).toEqual([...FOREIGN].sort());
    });

    it('treats glob characters in a prefix as themselves', async () => {
      await seed(['f*:mine', 'fs?:2']);
      expect(await reset('f*:')).toBe(2); // f*:x of FOREIGN starts with "f*:" too
      expect(await redis.handle.client.exists('fx:1', 'fs;1')).toBe(2);
      expect(await reset('fs?:')).toBe(2);
      expect(await redis.handle.client.exists('fsx:1')).toBe(1);
    });
  });
}
