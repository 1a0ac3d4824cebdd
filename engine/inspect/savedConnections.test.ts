/**
 * Saved connections on disk and in memory. The vault here is a stand-in for the OS keychain
 * (Electron's safeStorage, which needs a desktop session): real AES-256-GCM from node:crypto with
 * a random key held by the test, so what reaches the file is real ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyBrowserConnectSchema } from './keyBrowserApi.js';
import { SavedConnections, type Vault } from './savedConnections.js';

/** The keychain stand-in: AES-256-GCM, a random key per "keychain", iv | tag | ciphertext. */
function keychain(): Vault & { calls: number } {
  const key = randomBytes(32);
  const v = {
    calls: 0,
    encrypt(text: string): Buffer {
      v.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(buf: Buffer): string {
      v.calls++;
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
  return v;
}

const FIELD_PASSWORD = 'hunter2-field-secret';
const URL_PASSWORD = 'url-pass-9!';
const connect = (o: Record<string, unknown>) => KeyBrowserConnectSchema.parse(o);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-saved-'));
  file = path.join(dir, 'userData', 'connections.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saved connections encrypted on disk', () => {
  it('writes only the ciphertext of each password, lists none, and keeps the entries across a reopen', async () => {
    const vault = keychain();
    const s = new SavedConnections({ vault, file, vaultName: 'the test keychain' });
    await s.save('prod', connect({ host: 'db.example', port: 6380, username: 'alice', password: FIELD_PASSWORD, db: 2, tls: true, caPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' }));
    const listed = await s.save('by-url', connect({ url: `rediss://bob:${encodeURIComponent(URL_PASSWORD)}@cache.example:6390/1` }));
    await s.save('no-password', connect({ host: '127.0.0.1', port: 7000 }));

    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain(FIELD_PASSWORD);
    expect(raw).not.toContain(URL_PASSWORD);
    expect(raw).not.toContain(encodeURIComponent(URL_PASSWORD));
    const onDisk = JSON.parse(raw) as { connections: { name: string; password?: string; connect: Record<string, unknown> }[] };
    const prod = onDisk.connections.find((c) => c.name === 'prod')!;
    // What is there is the vault's ciphertext: it decrypts to the password with the vault's key only.
    expect(vault.decrypt(Buffer.from(prod.password!, 'base64'))).toBe(FIELD_PASSWORD);
    expect(prod.connect).not.toHaveProperty('password');
    expect(onDisk.connections.find((c) => c.name === 'by-url')!.connect.url).toBe('rediss://bob@cache.example:6390/1');
    expect(onDisk.connections.find((c) => c.name === 'no-password')).not.toHaveProperty('password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Atomic writes leave no temp file behind.
    expect(readdirSync(path.dirname(file))).toEqual(['connections.json']);

    expect(listed.persistence).toBe('encrypted-on-disk');
    expect(listed.note).toContain(file);
    expect(listed.note).toContain('the test keychain');
    const text = JSON.stringify(await s.list());
    expect(text).not.toContain(FIELD_PASSWORD);
    expect(text).not.toContain(URL_PASSWORD);
    expect(text).not.toContain(prod.password!);

    const again = new SavedConnections({ vault, file });
    const view = await again.list();
    expect(view.connections.map((c) => [c.name, c.hasPassword, c.label])).toEqual([
      ['by-url', true, 'rediss://bob@cache.example:6390/1'],
      ['no-password', false, '127.0.0.1:7000'],
      ['prod', true, 'db.example:6380 (db 2) TLS'],
    ]);
    expect(view.connections.find((c) => c.name === 'prod')).toMatchObject({ hasCaPem: true, connect: { username: 'alice', db: 2, tls: true } });
    expect(await again.resolve('prod')).toMatchObject({ host: 'db.example', port: 6380, username: 'alice', password: FIELD_PASSWORD, db: 2, tls: true });
    expect(await again.resolve('by-url')).toMatchObject({ url: 'rediss://bob@cache.example:6390/1', password: URL_PASSWORD });
    expect((await again.resolve('no-password')).password).toBeUndefined();
  });

  it('says a password cannot be decrypted by another keychain, and what to do', async () => {
    await new SavedConnections({ vault: keychain(), file }).save('prod', connect({ host: 'h', password: FIELD_PASSWORD }));
    await expect(new SavedConnections({ vault: keychain(), file }).resolve('prod')).rejects.toMatchObject({ code: 'SAVED_PASSWORD_UNREADABLE', message: expect.stringContaining('save "prod" again with its password') });
  });

  it('forget removes an entry from the list and from the file; an unknown name is named in the error', async () => {
    const vault = keychain();
    const s = new SavedConnections({ vault, file });
    await s.save('a', connect({ host: 'a.example', password: 'pa' }));
    await s.save('b', connect({ host: 'b.example', password: 'pb' }));
    const v = await s.forget('a');
    expect(v.connections.map((c) => c.name)).toEqual(['b']);
    expect(readFileSync(file, 'utf8')).not.toContain('a.example');
    expect((await new SavedConnections({ vault, file }).list()).connections.map((c) => c.name)).toEqual(['b']);
    await expect(s.forget('a')).rejects.toMatchObject({ code: 'CONNECTION_NOT_SAVED', message: expect.stringContaining('(saved: b)') });
    await expect(s.resolve('a')).rejects.toMatchObject({ code: 'CONNECTION_NOT_SAVED' });
  });

  it('keeps a corrupt file aside, says where, and starts empty without touching it again', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const garbage = '{"format":"feedscope-saved-connections","version":1,"connections":[{"name":"x"'; // cut short
    writeFileSync(file, garbage);
    const s = new SavedConnections({ vault: keychain(), file });
    const err = await s.list().then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(err?.code).toBe('SAVED_CONNECTIONS_CORRUPT');
    const aside = readdirSync(path.dirname(file)).filter((n) => n.startsWith('connections.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(err?.message).toContain(file);
    expect(err?.message).toContain(path.join(path.dirname(file), aside[0]));
    expect(err?.message).toContain('Save your connections again');
    expect(readFileSync(path.join(path.dirname(file), aside[0]), 'utf8')).toBe(garbage);

    // The list goes on empty, and keeps saying what happened; a save writes a new file beside the kept one.
    const v = await s.list();
    expect(v.connections).toEqual([]);
    expect(v.problem).toContain(aside[0]);
    await s.save('fresh', connect({ host: 'h', password: 'p' }));
    expect(JSON.parse(readFileSync(file, 'utf8')).connections).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(file), aside[0]), 'utf8')).toBe(garbage);
  });

  it('sets aside valid JSON that is not a saved-connections file (a plain-text password included)', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ format: 'feedscope-saved-connections', version: 1, connections: [{ name: 'p', savedAt: 'x', connect: { host: 'h', password: 'plain' } }] }));
    await expect(new SavedConnections({ vault: keychain(), file }).list()).rejects.toMatchObject({ code: 'SAVED_CONNECTIONS_CORRUPT', message: expect.stringContaining('connections.0.connect') });
  });

  it('refuses a file it cannot read, and never writes over it', async () => {
    mkdirSync(file, { recursive: true }); // a directory where the file should be: EISDIR
    const s = new SavedConnections({ vault: keychain(), file });
    await expect(s.list()).rejects.toMatchObject({ code: 'SAVED_CONNECTIONS_UNREADABLE', message: expect.stringContaining(file) });
    await expect(s.save('x', connect({ host: 'h' }))).rejects.toMatchObject({ code: 'SAVED_CONNECTIONS_UNREADABLE' });
    expect(statSync(file).isDirectory()).toBe(true);
  });
});

describe('saved connections in memory only', () => {
  it('without a vault writes nothing, says so, and still gives the password back to the engine only', async () => {
    const s = new SavedConnections({ file, memoryReason: 'Browser mode has no system keychain.' });
    const v = await s.save('local', connect({ host: '127.0.0.1', port: 6379, password: FIELD_PASSWORD }));
    expect(v).toMatchObject({ persistence: 'memory-only', file: null });
    expect(v.note).toContain('memory only');
    expect(v.note).toContain('Browser mode has no system keychain.');
    expect(JSON.stringify(v)).not.toContain(FIELD_PASSWORD);
    expect(readdirSync(dir)).toEqual([]);
    expect((await s.resolve('local')).password).toBe(FIELD_PASSWORD);
  });
});
