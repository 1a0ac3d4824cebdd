/**
 * The key browser's connections beyond plain TCP, against servers this file starts: TLS
 * (`rediss://` with a CA the test makes with openssl, and a clear error without it), a
 * Redis Cluster from its seed nodes, scanned completely across its masters, and a cluster whose
 * every node asks for a password (refused with the one-server wording without it, scanned with it),
 * and a cluster reached over TLS with the CA that signed its nodes' certificates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterConnection } from '../redis/clusterConnect.js';
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

/** A CA and a server certificate it signed (localhost, 127.0.0.1) in `dir`, made with openssl; returns the path of a file there. */
function makeTestCa(dir: string): (name: string) => string {
  const f = (n: string): string => path.join(dir, n);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '1', '-subj', '/CN=feedscope-test-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '1', '-extfile', f('san.ext'));
  return f;
}

describe('TLS', () => {
  let dir: string;
  let server: RedisServer;
  let tlsPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-tls-'));
    const f = makeTestCa(dir);
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

describe('a Redis Cluster whose nodes ask for a password', () => {
  const PASSWORD = 'cluster-secret-7';
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await RedisCluster.start({ nodes: 3, replicas: 0 });
    const c = new Redis.Cluster(cluster.seeds.map((s) => ({ host: s.split(':')[0], port: Number(s.split(':')[1]) })));
    await Promise.all(Array.from({ length: 300 }, (_, i) => c.set(`pk:${i}`, String(i))));
    await c.quit();
    // Each node through the cluster's own admin connection: it stays logged in, so stop() still works.
    for (const m of cluster.masterClients()) await m.call('CONFIG', 'SET', 'requirepass', PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('says to give the password when none or a wrong one is given, and scans every master with it', async () => {
    const seeds = [cluster.seeds[1]];
    const kb = new KeyBrowser(noEngine);
    try {
      const base = { clusterSeeds: seeds, host: '127.0.0.1', port: 6379, db: 0, tls: false };
      await expect(kb.connect(base)).rejects.toThrow(/could not connect to cluster .*NOAUTH.*give the user and password the server expects/);
      await expect(kb.connect({ ...base, password: 'wrong' })).rejects.toThrow(/WRONGPASS.*give the user and password the server expects/);
      const v = await kb.connect({ ...base, password: PASSWORD });
      expect(v).toMatchObject({ target: 'foreign', cluster: true, keys: 300, tls: false, url: `redis://:***@${seeds[0]}` });
      expect(JSON.stringify(v)).not.toContain(PASSWORD);
      await kb.startScan({ pattern: '*', type: null, count: 100, budgetPct: 100, details: true });
      await kb.currentJob!.done;
      expect(kb.getScan()).toMatchObject({ state: 'done', seen: 300, dbsize: 300, complete: true });
      expect((await kb.stringRange({ key: 'pk:299', offset: 0, length: 8 })).text).toBe('299');
    } finally {
      await kb.close();
    }
  }, 120_000);

  it('gives the password to the slot-routed transport too (a scenario on this cluster)', async () => {
    const cc = await ClusterConnection.open({ seeds: [cluster.seeds[0]], auth: { password: PASSWORD } });
    try {
      const t = await cc.openTransport();
      try {
        const keys = Array.from({ length: 30 }, (_, i) => `pk:${i}`);
        const replies = await t.pipeline(keys.map((k) => ['GET', k]));
        expect(replies.map(([err, v]) => (err ? err.message : v))).toEqual(keys.map((_, i) => String(i)));
      } finally {
        await t.close();
      }
    } finally {
      await cc.close();
    }
  }, 60_000);
});

describe('a Redis Cluster over TLS', () => {
  let dir: string;
  let cluster: RedisCluster;
  const tlsPorts: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-tls-cluster-'));
    const f = makeTestCa(dir);
    cluster = await RedisCluster.start({ nodes: 3, replicas: 0 });
    const c = new Redis.Cluster(cluster.seeds.map((s) => ({ host: s.split(':')[0], port: Number(s.split(':')[1]) })));
    await Promise.all(Array.from({ length: 200 }, (_, i) => c.set(`tk:${i}`, String(i))));
    await c.quit();
    // TLS turned on in place (RedisCluster starts plain nodes): a tls-port per node, and
    // tls-cluster + cluster-announce-tls-port so that CLUSTER NODES asked over TLS names the TLS ports.
    for (const m of cluster.masterClients()) {
      const p = await freePort();
      tlsPorts.push(p);
      await m.call('CONFIG', 'SET', 'tls-cert-file', f('server.crt'), 'tls-key-file', f('server.key'), 'tls-ca-cert-file', f('ca.crt'), 'tls-auth-clients', 'no');
      await m.call('CONFIG', 'SET', 'tls-port', String(p));
      await m.call('CONFIG', 'SET', 'tls-cluster', 'yes', 'cluster-announce-tls-port', String(p));
    }
    // Until every node has gossiped its TLS port to the one the test asks.
    const ca = readFileSync(f('ca.crt'), 'utf8');
    const t = new Redis({ host: '127.0.0.1', port: tlsPorts[0], tls: { ca: [ca] } });
    try {
      for (let i = 0; i < 100; i++) {
        const nodes = (await t.call('CLUSTER', 'NODES')) as string;
        if (tlsPorts.every((p) => nodes.includes(`127.0.0.1:${p}@`))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      t.disconnect();
    }
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('explains a missing CA, and with the CA reaches every master over TLS and scans them all', async () => {
    const ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
    const kb = new KeyBrowser(noEngine);
    try {
      const base = { clusterSeeds: [`127.0.0.1:${tlsPorts[0]}`], host: '127.0.0.1', port: 6379, db: 0, tls: true };
      await expect(kb.connect(base)).rejects.toThrow(/could not connect to cluster .*certificate.*check TLS/);
      const v = await kb.connect({ ...base, caPem: ca });
      expect(v).toMatchObject({ target: 'foreign', cluster: true, tls: true, keys: 200 });
      await kb.startScan({ pattern: '*', type: null, count: 100, budgetPct: 100, details: true });
      await kb.currentJob!.done;
      expect(kb.getScan()).toMatchObject({ state: 'done', seen: 200, dbsize: 200, complete: true });
      expect((await kb.stringRange({ key: 'tk:199', offset: 0, length: 8 })).text).toBe('199');
    } finally {
      await kb.close();
    }
  }, 60_000);
});
