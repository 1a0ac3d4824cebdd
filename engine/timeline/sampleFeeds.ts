/**
 * A few timelines worth looking at for report.json: the largest (the user who follows the most),
 * a median one and one that receives the most followed account's posts, with Redis's own
 * encoding, length and MEMORY USAGE (SAMPLES 0: every element, not the default 5).
 */
import type { SampledFeed } from '../api/report.js';
import { memoryUsage } from '../redis/memory.js';
import { pipelineValues, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { FollowGraph } from '../social/FollowGraph.js';

export async function sampleTimelines(transport: RedisTransport, g: FollowGraph, keyOf: (user: number) => string): Promise<SampledFeed[]> {
  const users = Array.from({ length: g.users }, (_, i) => i).sort((a, b) => g.followeeCount(b) - g.followeeCount(a) || a - b);
  const star = g.topByFollowers(1)[0];
  const picks: [number, string][] = [
    [users[0], 'follows the most accounts'],
    [users[Math.floor(users.length / 2)], 'median follows'],
    [g.followers(star)[0] ?? star, `follows the most followed account (${star})`],
  ];
  const out: SampledFeed[] = [];
  const seen = new Set<number>();
  for (const [u, why] of picks) {
    if (seen.has(u)) continue;
    seen.add(u);
    const key = keyOf(u);
    const [type] = (await pipelineValues(transport, [['TYPE', key]], 'TYPE')) as string[];
    const [[, encoding], [, entries]] = await transport.pipeline([['OBJECT', 'ENCODING', key], ['ZCARD', key]]);
    out.push({ key, why, type, encoding: String(encoding ?? 'none'), entries: typeof entries === 'number' ? entries : 0, memoryUsageBytes: await memoryUsage(transport, key) });
  }
  return out;
}
