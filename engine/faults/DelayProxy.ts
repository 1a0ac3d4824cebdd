/**
 * A TCP proxy on loopback that delays Redis's replies, to reproduce the latency spikes of article
 * 2.5 ("偶发100+ms毛刺") without touching the server. It sits between a client and Redis:
 * client -> proxy passes through at once; proxy -> client holds each chunk of reply bytes for
 * `baseMs`, plus `spikeMs` with probability `spikeProbability` (a seeded draw per chunk). Bytes
 * keep their order, so a held chunk also holds every reply behind it on that connection: the
 * head-of-line blocking a real stalled socket shows.
 */
import net from 'node:net';
import { FeedscopeError } from '../errors.js';
import { Prng } from '../scenario/prng.js';

export interface DelayProfile {
  /** Added to every reply chunk, ms. */
  baseMs: number;
  /** Extra hold of a spike, ms. */
  spikeMs: number;
  /** Share of reply chunks that get a spike, 0..1. */
  spikeProbability: number;
}

export const NO_DELAY: DelayProfile = { baseMs: 0, spikeMs: 0, spikeProbability: 0 };

export interface DelayProxyStats {
  connections: number;
  chunks: number;
  spikes: number;
  /** Longest time a chunk waited in the proxy (its delay plus the chunks ahead of it), ms. */
  maxHoldMs: number;
  /** Sockets reset by dropAll, and connections reset while refusing. */
  drops: number;
}

export class DelayProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly rng: Prng;
  readonly stats: DelayProxyStats = { connections: 0, chunks: 0, spikes: 0, maxHoldMs: 0, drops: 0 };

  private constructor(private readonly server: net.Server, readonly port: number, private profile: DelayProfile, seed: number) {
    this.rng = new Prng(seed, 'delay-proxy');
  }

  /** Listens on 127.0.0.1 (a free port) and forwards to target. */
  static async start(o: { targetHost: string; targetPort: number; profile?: DelayProfile; seed?: number }): Promise<DelayProxy> {
    checkProfile(o.profile ?? NO_DELAY);
    let proxy: DelayProxy | null = null;
    const server = net.createServer((client) => proxy?.accept(client, o.targetHost, o.targetPort));
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', (err) => reject(new FeedscopeError('PROXY_LISTEN_FAILED', `The delay proxy could not listen on 127.0.0.1: ${err.message}`, { cause: err })));
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    proxy = new DelayProxy(server, port, o.profile ?? NO_DELAY, o.seed ?? 1);
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Changes the delay for chunks that arrive from now on. */
  setProfile(p: DelayProfile): void {
    checkProfile(p);
    this.profile = p;
  }

  /**
   * Resets every connection through the proxy (TCP RST to both sides, as a dropped link or a
   * restarted load balancer does); with `refuse`, connections made from now on are reset at once
   * until refuse(false).
   */
  dropAll(): number {
    const n = this.sockets.size;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
    this.stats.drops += n;
    return n;
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  private refusing = false;

  private accept(client: net.Socket, host: string, port: number): void {
    if (this.refusing) {
      this.stats.drops++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.stats.connections++;
    const upstream = net.connect(port, host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let releaseAt = 0;
    let pending = 0;
    let upstreamEnded = false;
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (d) => upstream.write(d));
    client.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('error', closeBoth);
    upstream.on('end', () => {
      upstreamEnded = true;
      if (pending === 0) client.end();
    });
    upstream.on('data', (d: Buffer) => {
      const p = this.profile;
      const now = performance.now();
      let delay = p.baseMs;
      if (p.spikeProbability > 0 && this.rng.next() < p.spikeProbability) {
        delay += p.spikeMs;
        this.stats.spikes++;
      }
      this.stats.chunks++;
      releaseAt = Math.max(releaseAt, now + delay);
      const hold = releaseAt - now;
      if (hold > this.stats.maxHoldMs) this.stats.maxHoldMs = hold;
      if (hold <= 0) {
        client.write(d);
        return;
      }
      pending++;
      setTimeout(() => {
        pending--;
        if (!client.destroyed) client.write(d);
        if (upstreamEnded && pending === 0) client.end();
      }, hold);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function checkProfile(p: DelayProfile): void {
  if (!(p.baseMs >= 0) || !(p.spikeMs >= 0) || !(p.spikeProbability >= 0 && p.spikeProbability <= 1)) {
    throw new FeedscopeError('BAD_DELAY_PROFILE', `Delay profile ${JSON.stringify(p)} is invalid: baseMs and spikeMs must be >= 0 and spikeProbability between 0 and 1.`);
  }
}
