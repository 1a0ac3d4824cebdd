/**
 * A saved connection opens a real password-protected redis-server (requirepass set once it is
 * up) that this file starts: through the command table on an Engine (memory only, as browser mode), and through
 * engines given a vault and a file (as the desktop app; the vault is an AES-256-GCM stand-in for
 * the OS keychain). No answer of any command carries the password.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../commands.js';
import { Engine } from '../Engine.js';
import { RedisServer } from '../redis/RedisServer.js';
import { processVault } from './savedConnections.js';

const PASSWORD = 'saved-and-secret-42';
let server: RedisServer;

beforeAll(async () => {
  // requirepass after the start: RedisServer's readiness check logs in without one.
  server = await RedisServer.start();
  const r = new Redis(server.url);
  await r.set('saved:probe', 'here');
  await r.call('CONFIG', 'SET', 'requirepass', PASSWORD);
  await r.quit();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('connecting to a saved connection', () => {
  it('through the command table: the engine decrypts and connects, and no answer holds the password', async () => {
    const engine = new Engine();
    const answers: string[] = [];
    const call = async (name: string, payload: unknown) => {
      const r = await dispatch(engine, name, payload);
      answers.push(JSON.stringify(r));
      return r;
    };
    try {
      const connect = { host: '127.0.0.1', port: server.port };
      expect(await call('saveConnection', { name: 'no password', connect })).toMatchObject({ ok: true });
      expect(await call('saveConnection', { name: 'local', connect: { ...connect, password: PASSWORD } })).toMatchObject({ ok: true });
      const list = await call('listSavedConnections', {});
      expect(list).toMatchObject({ ok: true, result: { persistence: 'memory-only', connections: [{ name: 'local', hasPassword: true }, { name: 'no password', hasPassword: false }] } });

      expect(await call('connectSavedConnection', { name: 'no password' })).toMatchObject({ ok: false, error: { code: 'REDIS_UNREACHABLE', message: expect.stringContaining('give the user and password the server expects') } });
      expect(await call('connectSavedConnection', { name: 'local' })).toMatchObject({ ok: true, result: { target: 'foreign', label: `127.0.0.1:${server.port}`, keys: 1 } });
      expect(await call('getStringRange', { key: 'saved:probe', offset: 0, length: 8 })).toMatchObject({ ok: true, result: { text: 'here' } });
      expect(await call('forgetSavedConnection', { name: 'local' })).toMatchObject({ ok: true, result: { connections: [{ name: 'no password' }] } });
      expect(await call('connectSavedConnection', { name: 'local' })).toMatchObject({ ok: false, error: { code: 'CONNECTION_NOT_SAVED' } });
      // A malformed payload is refused by the schema before the engine sees it.
      expect(await call('saveConnection', { name: '', connect })).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
      for (const a of answers) expect(a).not.toContain(PASSWORD);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('from the file of an earlier session, with the vault that encrypted it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-saved-int-'));
    const file = path.join(dir, 'connections.json');
    const vault = processVault(); // stands in for the OS keychain, which outlives one session
    // Two engines as the desktop app makes them (EngineOptions.savedConnections), one after the other.
    const first = new Engine({ savedConnections: { vault, file } });
    const second = new Engine({ savedConnections: { vault, file } });
    try {
      await first.inspectors.saveConnection({ name: 'local', connect: { host: '127.0.0.1', port: server.port, db: 0, tls: false, password: PASSWORD } });
      expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
      expect((await second.inspectors.listSavedConnections()).persistence).toBe('encrypted-on-disk');
      const v = await second.inspectors.connectSavedConnection({ name: 'local' });
      expect(v).toMatchObject({ target: 'foreign', keys: 1 });
      expect(JSON.stringify(v)).not.toContain(PASSWORD);
    } finally {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
