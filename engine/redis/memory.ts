/**
 * Memory a model holds in Redis, measured on the server: `MEMORY USAGE key SAMPLES 0` (every
 * element, not Redis's default 5) of the per-user keys of a few users spread evenly over all users,
 * scaled up to all users. Exact keys that are not per user (shared hashes) are measured whole.
 */
import type { RedisCommand, RedisTransport } from './transport/RedisTransport.js';

/** Users whose keys are measured per estimate. */
export const MEMORY_SAMPLE_USERS = 16;

export async function estimateModelBytes(transport: RedisTransport, users: number, keysOfUser: (user: number) => string[], sharedKeys: string[] = []): Promise<number> {
  const step = Math.max(1, Math.floor(users / MEMORY_SAMPLE_USERS));
  const cmds: RedisCommand[] = [];
  let sampledUsers = 0;
  let perUserCommands = 0;
  for (let u = 0; u < users && sampledUsers < MEMORY_SAMPLE_USERS; u += step, sampledUsers++) {
    for (const key of keysOfUser(u)) {
      cmds.push(['MEMORY', 'USAGE', key, 'SAMPLES', '0']);
      perUserCommands++;
    }
  }
  for (const key of sharedKeys) cmds.push(['MEMORY', 'USAGE', key, 'SAMPLES', '0']);
  const res = await transport.pipeline(cmds);
  let perUser = 0;
  let shared = 0;
  res.forEach(([err, v], i) => {
    if (err || typeof v !== 'number') return;
    if (i < perUserCommands) perUser += v;
    else shared += v;
  });
  return Math.round((perUser / Math.max(1, sampledUsers)) * users) + shared;
}

/** MEMORY USAGE key SAMPLES 0 of one key (0 when it does not exist). */
export async function memoryUsage(transport: RedisTransport, key: string): Promise<number> {
  const [[err, v]] = await transport.pipeline([['MEMORY', 'USAGE', key, 'SAMPLES', '0']]);
  return err || typeof v !== 'number' ? 0 : v;
}
