/**
 * The key browser's connections beyond plain TCP, against servers this file starts: TLS
 * (`rediss://` with a CA the test makes with openssl, and a clear error without it) and a
 * Redis Cluster from its seed nodes, scanned completely across its masters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCluster } from '../redis/RedisCluster.js';
import { RedisServer } from '../redis/RedisServer.js';
import { KeyBrowser } from './KeyBrowser.js';

const noEngine = (): Promise<never> => Promise.reject(new Error('the test inspects only the servers it connects to'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('TLS', () => {
  let dir: string;
  let server: RedisServer;
  let tlsPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-tls-'));
    const f = (n: string): string => path.join(dir, n);
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '1', '-subj', '/CN=feedscope-test-ca');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
    writeFileSync(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '1', '-extfile', f('san.ext'));
    tlsPort = await freePort();
    server = await RedisServer.start({ config: { 'tls-port': String(tlsPort), 'tls-cert-file': f('server.crt'), 'tls-key-file': f('server.key'), 'tls-ca-cert-file': f('ca.crt'), 'tls-auth-clients': 'no' } });
    const r = new Redis(server.url);
    await r.set('over:tls', 'yes');
    r.disconnect();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('connects with rediss:// and the CA that signed the server\'s certificate, and explains a missing CA', async () => {
    const kb = new KeyBrowser(noEngine);
    try {
      const ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
      await expect(kb.connect({ url: `rediss://localhost:${tlsPort}`, host: '127.0.0.1', port: 6379, db: 0, tls: false })).rejects.toThrow(/check TLS/);
      const v = await kb.connect({ host: 'localhost', port: tlsPort, db: 0, tls: true, caPem: ca });
      expect(v).toMatchObject({ target: 'foreign', tls: true, label: `localhost:${tlsPort}`, keys: 1 });
      expect((await kb.stringRange({ key: 'over:tls', offset: 0, length: 16 })).text).toBe('yes');
    } finally {
      await kb.close();
    }
  });
});

describe('a Redis Cluster from its seed nodes', () => {
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await RedisCluster.start({ nodes: 3, replicas: 0 });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('finds every master, scans each completely and reads a key on the master of its slot', async () => {
    const c = new Redis.Cluster(cluster.seeds.map((s) => ({ host: s.split(':')[0], port: Number(s.split(':')[1]) })));
    for (let i = 0; i < 3000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => c.set(`ck:${i + j}`, String(i + j))));
    }
    await c.quit();
    const kb = new KeyBrowser(noEngine);
    try {
      const v = await kb.connect({ clusterSeeds: [cluster.seeds[0]], host: '127.0.0.1', port: 6379, db: 0, tls: false });
      expect(v).toMatchObject({ target: 'foreign', cluster: true, keys: 3000 });
      await kb.startScan({ pattern: '*', type: null, count: 500, budgetPct: 100, details: true });
      await kb.currentJob!.done;
      expect(kb.getScan()).toMatchObject({ state: 'done', seen: 3000, dbsize: 3000 });
      const a = await kb.analysis({ separator: ':', depth: 2, top: 5 });
      expect(a.byType).toEqual([expect.objectContaining({ name: 'string', keys: 3000 })]);
      expect((await kb.stringRange({ key: 'ck:2999', offset: 0, length: 8 })).text).toBe('2999');
    } finally {
      await kb.close();
    }
  }, 120_000);
});
