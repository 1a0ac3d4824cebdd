/**
 * The key browser's writes and the reads that go with them: TTL set/clear, rename, stream group
 * actions (XACK, XCLAIM, XAUTOCLAIM), DUMP for "copy the value first", a stream group's pending
 * entries. Every write goes through KeyInspector.checkWrite: unlocked, and confirmed with the
 * server's name.
 */
import type { CommandArgs } from '../api.js';
import { FeedscopeError } from '../errors.js';
import type { KeyInspector } from './KeyInspector.js';
import type { KeyBrowserResults, StreamPendingView } from './keyBrowserApi.js';

export async function setKeyTtl(ins: KeyInspector, a: CommandArgs<'setKeyTtl'>): Promise<KeyBrowserResults['setKeyTtl']> {
  ins.checkWrite(a.ttlMs === null ? 'remove the TTL of' : 'set the TTL of', a.key, a.confirm);
  const c = ins.keyClient(a.key);
  const changed = a.ttlMs === null ? await c.persist(a.key) : await c.pexpire(a.key, a.ttlMs);
  if (changed === 0 && (await c.exists(a.key)) === 0) throw new FeedscopeError('KEY_NOT_FOUND', `"${a.key}" does not exist on ${ins.label} (it expired or was deleted): scan again.`);
  return { key: a.key, ttlMs: await c.pttl(a.key) };
}

export async function renameKey(ins: KeyInspector, a: CommandArgs<'renameKey'>): Promise<KeyBrowserResults['renameKey']> {
  ins.checkWrite('rename', a.key, a.confirm);
  const c = ins.keyClient(a.key);
  if (ins.isCluster && ins.keyClient(a.to) !== c) {
    throw new FeedscopeError('CROSSSLOT', `"${a.key}" and "${a.to}" hash to different masters of ${ins.label}: RENAME cannot move a key between slots; give the new name the same {hash tag}.`);
  }
  // RENAMENX: never overwrite another key by a rename from the browser.
  if ((await c.renamenx(a.key, a.to)) === 0) throw new FeedscopeError('KEY_EXISTS', `"${a.to}" already exists on ${ins.label}: choose another name (the browser never overwrites a key by renaming).`);
  return { key: a.key, to: a.to };
}

export async function dumpKey(ins: KeyInspector, key: string): Promise<KeyBrowserResults['dumpKey']> {
  const buf = await ins.keyClient(key).dumpBuffer(key);
  if (!buf) throw new FeedscopeError('KEY_NOT_FOUND', `"${key}" does not exist on ${ins.label}: nothing to copy.`);
  return { key, filename: `${key.replace(/[^\w.-]+/g, '_').slice(0, 100)}.dump`, base64: buf.toString('base64'), bytes: buf.length };
}

export async function streamAction(ins: KeyInspector, a: CommandArgs<'streamAction'>): Promise<KeyBrowserResults['streamAction']> {
  const what = a.action === 'ack' ? `XACK ${a.ids.length} entries of group "${a.group}" in` : a.action === 'claim' ? `XCLAIM ${a.ids.length} entries for "${a.consumer}" in` : `XAUTOCLAIM entries idle >= ${a.minIdleMs} ms for "${a.consumer}" in`;
  ins.checkWrite(what, a.key, a.confirm);
  const c = ins.keyClient(a.key);
  if (a.action === 'ack') {
    if (a.ids.length === 0) throw new FeedscopeError('BAD_PAYLOAD', 'XACK needs the ids of the entries to acknowledge.');
    return { action: a.action, affected: await c.xack(a.key, a.group, ...a.ids), ids: a.ids };
  }
  if (!a.consumer) throw new FeedscopeError('BAD_PAYLOAD', `${a.action === 'claim' ? 'XCLAIM' : 'XAUTOCLAIM'} needs the consumer that takes the entries.`);
  if (a.action === 'claim') {
    if (a.ids.length === 0) throw new FeedscopeError('BAD_PAYLOAD', 'XCLAIM needs the ids of the entries to claim.');
    const ids = (await c.call('XCLAIM', a.key, a.group, a.consumer, a.minIdleMs, ...a.ids, 'JUSTID')) as string[];
    return { action: a.action, affected: ids.length, ids };
  }
  const reply = (await c.call('XAUTOCLAIM', a.key, a.group, a.consumer, a.minIdleMs, '0-0', 'COUNT', a.count, 'JUSTID')) as [string, string[]];
  return { action: a.action, affected: reply[1].length, ids: reply[1] };
}

export async function streamPending(ins: KeyInspector, a: CommandArgs<'getStreamPending'>): Promise<StreamPendingView> {
  const args: (string | number)[] = [a.key, a.group, '-', '+', a.count];
  if (a.consumer) args.push(a.consumer);
  const rows = (await ins.keyClient(a.key).call('XPENDING', ...args)) as [string, string, number, number][];
  return { key: a.key, group: a.group, consumer: a.consumer, entries: rows.map(([id, consumer, idle, n]) => ({ id, consumer, idleMs: Number(idle), deliveries: Number(n) })) };
}
