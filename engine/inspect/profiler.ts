/**
 * The profiler: MONITOR for a bounded time and number of commands on a connection of its own,
 * then grouped by command, key pattern and client (profileGroups.ts); and CLIENT LIST, summarised.
 * MONITOR makes the server copy every command it runs to this connection: Redis's docs measure
 * a throughput drop of about half with one MONITOR client, so it always stops on its own.
 */
import type { Redis } from 'ioredis';
import type { ClientListView, ProfileView } from './keyBrowserApi.js';
import { groupCommands, summariseClients } from './profileGroups.js';

export const MONITOR_WARNING =
  'MONITOR makes the server send every command it runs to this connection: Redis\'s MONITOR page measures that one MONITOR client "can reduce the throughput by more than 50%", and it shows every argument of every command. It stops by itself after the seconds and the number of commands chosen.';

export async function profileServer(client: Redis, server: string, o: { seconds: number; maxCommands: number; separator: string }): Promise<ProfileView> {
  // Not ioredis's monitor(): its promise rejects when the first MONITOR line arrives in the same
  // read as MONITOR's +OK (a busy server), before it has switched to monitoring mode. The
  // connection itself goes on; the lines of that first read are lost (reported as an error we ignore).
  const mon = client.duplicate({ monitor: true, lazyConnect: false, connectionName: undefined, commandTimeout: undefined });
  mon.on('error', () => undefined);
  const cmds: { client: string; args: string[] }[] = [];
  let capped = false;
  const t0 = performance.now();
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, o.seconds * 1000);
      mon.on('monitor', (_time: string, args: string[], source: string) => {
        if (cmds.length >= o.maxCommands) return;
        cmds.push({ client: source, args: args.map(String) });
        if (cmds.length >= o.maxCommands) {
          capped = true;
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    mon.disconnect();
  }
  return { server, seconds: Math.round((performance.now() - t0) / 100) / 10, commands: cmds.length, capped, ...groupCommands(cmds, o.separator), warning: MONITOR_WARNING };
}

export async function clientList(client: Redis, server: string): Promise<ClientListView> {
  return summariseClients(String(await client.call('CLIENT', 'LIST')), server);
}
