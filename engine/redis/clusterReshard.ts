/**
 * Live resharding: moves hash slots from one master to another while clients keep reading and
 * writing, step for step as redis-cli does it (clusterManagerMoveSlot and
 * clusterManagerMigrateKeysInSlot in src/redis-cli.c), with the NODE order of redis.io's CLUSTER
 * SETSLOT page and of redis-cli since 6.2 (older ones told the masters in list order):
 *
 *   1. target: CLUSTER SETSLOT s IMPORTING source     (before 2: else the source would send ASK
 *   2. source: CLUSTER SETSLOT s MIGRATING target      to a node that does not accept it yet)
 *   3. source: CLUSTER GETKEYSINSLOT s batch, MIGRATE host port "" 0 timeout KEYS k..., until a
 *      batch comes back short (redis-cli asks once more, for an empty one)
 *   4. target: CLUSTER SETSLOT s NODE target           (first: the target then owns the slot and
 *   5. source: CLUSTER SETSLOT s NODE target            propagates it; told first, a source whose
 *   6. every other master: CLUSTER SETSLOT s NODE target  target then crashed leaves it unowned)
 *
 * During 1-5 a client meets the slot's keys where they are: the source serves keys it still has
 * and answers -ASK for the others, the target serves ASKING clients; after 4-6 -MOVED. MIGRATE is
 * atomic per call and blocks the source (and the target) for its duration, which is why the batch
 * is bounded. No key is lost or doubled: a key the source no longer has is created on the target.
 *
 * Figures: bytes are MEMORY USAGE of each key on the source just before it moves (default; the
 * allocator's view, cheap) or the length of its DUMP payload (what MIGRATE sends, but each key is
 * serialized twice); the time spent measuring is outside the MIGRATE µs.
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { expandRanges, parseClusterNodes, type ClusterNodeInfo } from './clusterTopology.js';

const BATCH_KEYS = 100;
const MIGRATE_TIMEOUT_MS = 10_000;

export type ReshardBytes = 'memory-usage' | 'dump' | 'none';

export interface ReshardOptions {
  /** Node id of the master giving slots. */
  from: string;
  /** Node id of the master taking them. */
  to: string;
  /** How many slots (the source's lowest-numbered), or which ones. */
  slots: number | readonly number[];
  /** Keys per GETKEYSINSLOT + MIGRATE (redis-cli's --cluster-pipeline, default 10 there). */
  batchKeys?: number;
  /** MIGRATE's timeout in ms (redis-cli's --cluster-timeout, 60000 there). */
  timeoutMs?: number;
  /** Overwrite keys the target already has (redis-cli --cluster-replace). */
  replace?: boolean;
  bytes?: ReshardBytes;
  onProgress?: (p: ReshardProgress) => void;
}

export interface ReshardProgress {
  slot: number;
  slotsDone: number;
  slotsTotal: number;
  keysMoved: number;
  bytesMoved: number;
}

export interface ReshardResult {
  from: string;
  to: string;
  slots: number[];
  durationMs: number;
  slotsMoved: number;
  /** Keys named in MIGRATE calls that succeeded (one a client deleted meanwhile still counts). */
  keysMoved: number;
  bytesMoved: number;
  bytesMethod: ReshardBytes;
  migrateCalls: number;
  /** Mean wall time of one MIGRATE call as the caller sees it, in µs. */
  migrateMeanUs: number;
}

interface Ends {
  source: Redis;
  target: Redis;
  others: Redis[];
  from: ClusterNodeInfo;
  to: ClusterNodeInfo;
}

/**
 * Moves slots between two masters of the cluster whose masters `masters` connects to (one client
 * per master: RedisCluster.masterClients(), or an ioredis Cluster's nodes('master')). Safe while
 * clients write; resumable: a slot left open by a failure is finished by moving it again.
 */
export async function reshard(masters: readonly Redis[], options: ReshardOptions): Promise<ReshardResult> {
  const t0 = performance.now();
  const ends = await resolveEnds(masters, options);
  const slots = pickSlots(ends.from, options);
  const batch = options.batchKeys ?? BATCH_KEYS;
  const bytesMethod = options.bytes ?? 'memory-usage';
  const totals = { keys: 0, bytes: 0, calls: 0, migrateNs: 0n };
  for (const [i, slot] of slots.entries()) {
    await moveSlot(ends, slot, { ...options, batchKeys: batch, bytes: bytesMethod }, totals);
    options.onProgress?.({ slot, slotsDone: i + 1, slotsTotal: slots.length, keysMoved: totals.keys, bytesMoved: totals.bytes });
  }
  return {
    from: options.from,
    to: options.to,
    slots,
    durationMs: Math.round(performance.now() - t0),
    slotsMoved: slots.length,
    keysMoved: totals.keys,
    bytesMoved: totals.bytes,
    bytesMethod,
    migrateCalls: totals.calls,
    migrateMeanUs: totals.calls ? Math.round(Number(totals.migrateNs / BigInt(totals.calls)) / 1000) : 0,
  };
}

async function resolveEnds(masters: readonly Redis[], options: ReshardOptions): Promise<Ends> {
  if (options.from === options.to) {
    throw new FeedscopeError('RESHARD_SAME_NODE', `reshard from and to are the same node (${options.from}): pick two different masters.`);
  }
  const ids = await Promise.all(masters.map((c) => c.call('CLUSTER', 'MYID') as Promise<string>));
  const source = masters[ids.indexOf(options.from)];
  const target = masters[ids.indexOf(options.to)];
  for (const [id, client] of [[options.from, source], [options.to, target]] as const) {
    if (!client) {
      throw new FeedscopeError('RESHARD_NODE_UNKNOWN', `Node ${id} is not among the masters given to reshard (${ids.join(', ')}): pass ids from RedisCluster.masters or refreshTopology(), and a client for every master.`);
    }
  }
  const view = parseClusterNodes((await source.call('CLUSTER', 'NODES')) as string);
  const from = view.find((n) => n.id === options.from)!;
  const to = view.find((n) => n.id === options.to);
  if (from.role !== 'master' || !to || to.role !== 'master') {
    throw new FeedscopeError('RESHARD_NODE_UNKNOWN', `reshard moves slots between masters, and ${from.role !== 'master' ? options.from : options.to} is not a master in the source's view: refresh the topology (a failover may have swapped roles).`);
  }
  return { source, target, others: masters.filter((c) => c !== source && c !== target), from, to };
}

function pickSlots(from: ClusterNodeInfo, options: ReshardOptions): number[] {
  const owned = expandRanges(from.slots);
  if (typeof options.slots === 'number') {
    if (!Number.isInteger(options.slots) || options.slots < 1 || options.slots > owned.length) {
      throw new FeedscopeError('RESHARD_SLOTS_INVALID', `Cannot move ${options.slots} slots from ${from.host}:${from.port}: it serves ${owned.length}. Ask for 1 to ${owned.length}.`);
    }
    return owned.slice(0, options.slots);
  }
  const mine = new Set(owned);
  const foreign = options.slots.find((s) => !mine.has(s));
  if (foreign !== undefined) {
    throw new FeedscopeError('RESHARD_SLOTS_INVALID', `Slot ${foreign} is not served by ${from.host}:${from.port} (${options.from}): pass slots it serves, or refresh the topology first.`);
  }
  return [...new Set(options.slots)];
}

type Totals = { keys: number; bytes: number; calls: number; migrateNs: bigint };
type SlotOptions = ReshardOptions & { batchKeys: number; bytes: ReshardBytes };

async function moveSlot(e: Ends, slot: number, o: SlotOptions, totals: Totals): Promise<void> {
  const s = String(slot);
  await step(e, slot, 'SETSLOT IMPORTING on the target', () => e.target.call('CLUSTER', 'SETSLOT', s, 'IMPORTING', e.from.id));
  await step(e, slot, 'SETSLOT MIGRATING on the source', () => e.source.call('CLUSTER', 'SETSLOT', s, 'MIGRATING', e.to.id));
  await migrateKeys(e, slot, o, totals);
  await step(e, slot, 'SETSLOT NODE on the target', () => e.target.call('CLUSTER', 'SETSLOT', s, 'NODE', e.to.id));
  for (let attempt = 0; ; attempt++) {
    try {
      await e.source.call('CLUSTER', 'SETSLOT', s, 'NODE', e.to.id);
      break;
    } catch (err) {
      const msg = (err as Error).message;
      // The source gave up its last slot and, told so by the target, already turned replica.
      if (/only with masters/i.test(msg)) break;
      // A key reached the source after the last GETKEYSINSLOT: move it too, then try again.
      if (/still hold keys/i.test(msg) && attempt < 3) {
        await migrateKeys(e, slot, o, totals);
        continue;
      }
      throw failure(e, slot, 'SETSLOT NODE on the source', err);
    }
  }
  await step(e, slot, 'SETSLOT NODE on the other masters', () => Promise.all(e.others.map((c) => c.call('CLUSTER', 'SETSLOT', s, 'NODE', e.to.id))));
}

async function migrateKeys(e: Ends, slot: number, o: SlotOptions, totals: Totals): Promise<void> {
  const head = ['MIGRATE', e.to.host, String(e.to.port), '', '0', String(o.timeoutMs ?? MIGRATE_TIMEOUT_MS), ...(o.replace ? ['REPLACE'] : []), 'KEYS'];
  for (;;) {
    const keys = await step(e, slot, 'CLUSTER GETKEYSINSLOT', () => e.source.callBuffer('CLUSTER', 'GETKEYSINSLOT', String(slot), String(o.batchKeys)) as Promise<Buffer[]>);
    if (keys.length === 0) return;
    const bytes = await measure(e.source, keys, o.bytes);
    const t = process.hrtime.bigint();
    let reply: unknown;
    try {
      reply = await e.source.call(head[0], ...head.slice(1), ...keys);
    } catch (err) {
      if (/BUSYKEY/.test((err as Error).message)) {
        throw new FeedscopeError('RESHARD_BUSYKEY', `Moving slot ${slot}: ${e.to.host}:${e.to.port} already holds one of its keys (${(err as Error).message}). Pass replace: true to overwrite it (redis-cli --cluster-replace), or delete the stale key on the target; the slot is left open and moving it again resumes.`, { cause: err });
      }
      throw failure(e, slot, 'MIGRATE', err, ' Raise timeoutMs or lower batchKeys if the keys are large.');
    }
    totals.migrateNs += process.hrtime.bigint() - t;
    totals.calls++;
    // NOKEY: every key of the batch was deleted by a client meanwhile; nothing moved.
    if (reply === 'OK') {
      totals.keys += keys.length;
      totals.bytes += bytes;
    }
    // A short batch was the slot's last: while the slot migrates, keys the source lacks are
    // created on the target, so none can appear here (SETSLOT NODE would refuse if one did).
    if (keys.length < o.batchKeys) return;
  }
}

/** Bytes of `keys` on `source` by `method`; a key gone meanwhile (nil, or -ASK for it) counts 0. */
async function measure(source: Redis, keys: Buffer[], method: ReshardBytes): Promise<number> {
  if (method === 'none') return 0;
  const pipe = source.pipeline();
  for (const k of keys) {
    if (method === 'dump') pipe.callBuffer('DUMP', k);
    else pipe.call('MEMORY', 'USAGE', k);
  }
  let sum = 0;
  for (const [err, v] of (await pipe.exec()) ?? []) {
    if (err || v === null) continue;
    sum += Buffer.isBuffer(v) ? v.length : Number(v);
  }
  return sum;
}

async function step<T>(e: Ends, slot: number, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw failure(e, slot, what, err);
  }
}

function failure(e: Ends, slot: number, what: string, err: unknown, hint = ''): FeedscopeError {
  const src = `${e.from.host}:${e.from.port}`;
  return new FeedscopeError(
    'RESHARD_FAILED',
    `Moving slot ${slot} from ${src} to ${e.to.host}:${e.to.port} failed at ${what}: ${(err as Error).message}.${hint} The slot may be left open (MIGRATING on the source, IMPORTING on the target): move slot ${slot} again to finish it, or run redis-cli --cluster fix ${src}.`,
    { cause: err },
  );
}
