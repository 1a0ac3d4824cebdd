/**
 * The whole engine on a private redis-server: play, step, reset, report, frames.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame, GraphView } from '../api.js';
import { Engine } from '../Engine.js';
import { scenario } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('Engine', () => {
  const engine = new Engine({ sampleGraphsDir: path.join(ROOT, 'sample-graphs'), rankerFile: path.join(ROOT, 'models', 'ranker.onnx') });
  const frames: Frame[] = [];
  engine.on((e) => {
    if (e.type === 'frame') frames.push(e.frame);
  });
  afterAll(() => engine.close());

  it('lists the sample scenarios, all valid', async () => {
    const list = await engine.listScenarios();
    const names = list.map((s) => path.basename(s.file));
    for (const f of ['tiny-demo.json', 'celebrity-fanout.json', 'deep-pagination.json', 'bitcoin-otc-trust.json']) expect(names).toContain(f);
    for (const s of list) expect(s.error).toBeUndefined();
  });

  it('plays a scenario to the end with frames, and its report matches what happened', async () => {
    const s = scenario({ workload: { durationSec: 3, postsPerSec: 30, readsPerSec: 40, pageSize: 10, deepReadShare: 0.1, deepReadOffset: 30 } });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    expect(engine.status().state).toBe('finished');
    expect(engine.status().tMs).toBe(3000);
    const report = await engine.report();
    const last = frames[frames.length - 1];
    expect(last.totals.post).toBe(report.run.events.post);
    expect(report.graph.posts).toBeGreaterThan(60);
    expect(report.timeline!.fanoutWrite.count).toBe(report.graph.posts);
    expect(report.timeline!.readOffset.count + report.timeline!.readCursor.count).toBeGreaterThanOrEqual(report.run.events.read);
    expect(report.timeline!.readOffset.p99Ms).toBeGreaterThan(0);
    expect(report.timeline!.readOffset.p99Ms).toBeGreaterThanOrEqual(report.timeline!.readOffset.p50Ms);
    expect(report.writeAmplification).toBeCloseTo(1 + report.graph.follows / report.graph.users, 0);
    expect(report.memory.usedMemoryBytes).toBeGreaterThan(100_000);
    expect(report.memory.feeds.length).toBeGreaterThan(0);
    const biggest = report.memory.feeds[0];
    const c = (await engine.redis()).client;
    expect(biggest.entries).toBe(await c.zcard(biggest.key));
    expect(biggest.encoding).toBe(await c.object('ENCODING', biggest.key));
    expect(report.spans.some((l) => /^timeline\.readOffset;redis\.ZREVRANGE \d+$/.test(l))).toBe(true);
  });

  it('serves the follow graph while the rest of the scenario is still loading', async () => {
    const s = scenario({ graph: { kind: 'generator', users: 3000, avgFollows: 10 } });
    const early: { stage: string; view: GraphView }[] = [];
    const off = engine.on((e) => {
      if (e.type !== 'status' || e.status.state !== 'loading' || !e.status.loading?.graphReady) return;
      early.push({ stage: e.status.loading.stage, view: engine.views.getGraph({ maxNodes: 50, focus: 3 }) });
    });
    await engine.load(s, 'inline', ROOT);
    off();
    // Ready from the generated follows (before the follower lists are built), before Redis was
    // reset and before the models loaded; the same view all along.
    expect(early[0].stage).toBe('graph: follower lists');
    expect(early.map((e) => e.stage)).toContain('redis reset');
    const final = engine.views.getGraph({ maxNodes: 50, focus: 3 });
    expect(final.nodes.length).toBeGreaterThan(50);
    for (const e of early) expect(e.view, e.stage).toEqual(final);
    expect(engine.status().loading).toBeNull();
  });

  it('sends at most 30 frames per second of wall time, even at max speed', async () => {
    const s = scenario({ graph: { kind: 'generator', users: 200, avgFollows: 5 }, workload: { durationSec: 120, tickMs: 10, postsPerSec: 20, readsPerSec: 20 } });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    frames.length = 0;
    const t0 = performance.now();
    await engine.runToEnd();
    const wallS = (performance.now() - t0) / 1000;
    // 12,000 ticks: far more ticks than frames
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(wallS * 30) + 2);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames[frames.length - 1].totals.post).toBe(frames.reduce((n, f) => n + f.counts.post, 0));
  });

  it('steps one tick at a time, and reset deletes only its own keys', async () => {
    const s = scenario({ workload: { durationSec: 2, postsPerSec: 50, readsPerSec: 10, tickMs: 100 } });
    await engine.load(s, 'inline', ROOT);
    const c = (await engine.redis()).client;
    await c.set('not-feedscope', 'x');
    await engine.step();
    expect(engine.status().tMs).toBe(100);
    expect(engine.status().state).toBe('paused');
    await engine.step();
    expect(engine.status().tick).toBe(2);
    expect((await c.keys('fs:*')).length).toBeGreaterThan(0);
    await engine.reset();
    expect(engine.status().tMs).toBe(0);
    expect(await c.keys('fs:*')).toEqual([]);
    expect(await c.get('not-feedscope')).toBe('x');
  });

  it('pauses a playing scenario and time stops', async () => {
    const s = scenario({ workload: { durationSec: 600, postsPerSec: 5, readsPerSec: 5 } });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed(20);
    await engine.play();
    await new Promise((r) => setTimeout(r, 400));
    await engine.pause();
    const t = engine.status().tMs;
    expect(t).toBeGreaterThan(0);
    expect(engine.status().state).toBe('paused');
    await new Promise((r) => setTimeout(r, 300));
    expect(engine.status().tMs).toBe(t);
    // speed 20 for ~0.4 s is about 8 s simulated; far from max speed
    expect(t).toBeLessThan(30_000);
  });

  it('serves feeds and a sampled graph view', async () => {
    const s = scenario({ graph: { kind: 'generator', users: 300, avgFollows: 10 }, workload: { durationSec: 5, postsPerSec: 40, readsPerSec: 5 } });
    await engine.load(s, 'inline', ROOT);
    await engine.runToEnd();
    const fg = engine.followGraph!;
    const reader = Array.from({ length: 300 }, (_, u) => u).sort((a, b) => fg.followeeCount(b) - fg.followeeCount(a))[0];
    const g = engine.views.getGraph({ maxNodes: 50, focus: reader });
    expect(g.totalUsers).toBe(300);
    expect(g.sampled).toMatch(/showing \d+ of 300 users/);
    expect(g.nodes.some((n) => n.id === reader)).toBe(true);
    for (const [a, b] of g.edges) expect(fg.followees(a)).toContain(b);
    const feeds = await engine.views.getFeeds({ user: reader, pageSize: 5, offset: 0, cursor: null });
    expect(feeds.timeline!.items.length).toBeGreaterThan(0);
    const next = await engine.views.getFeeds({ user: reader, pageSize: 5, offset: 5, cursor: feeds.timeline!.nextCursor });
    const byOffset = await engine.views.getFeeds({ user: reader, pageSize: 5, offset: 5, cursor: null });
    expect(next.timeline!.items).toEqual(byOffset.timeline!.items);
    await expect(engine.views.getFeeds({ user: 300, pageSize: 5, offset: 0, cursor: null })).rejects.toThrow(/users 0 to 299/);
  });
});

describe('feedscope CLI', () => {
  const temp: string[] = [];
  const tempDir = (name: string): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), name));
    temp.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of temp) rmSync(d, { recursive: true, force: true });
  });

  it('validate: exit code 1 and the JSON path on a bad file', async () => {
    const dir = tempDir('feedscope-cli-');
    const bad = path.join(dir, 'bad.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, JSON.stringify({ name: 'x', seed: 1, graph: { kind: 'generator', users: 10, avgFollows: 2 }, workload: { durationSec: 1, postsPerSec: -1, readsPerSec: 1 } }, null, 2));
    const err = await run(process.execPath, ['bin/feedscope.mjs', 'validate', bad], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('$.workload.postsPerSec');
    expect((err as { stderr: string }).stderr).toContain(`${bad}:`);
  });

  it('run --report: prints a summary, writes report.json from the real server, leaves no redis-server', async () => {
    const out = tempDir('feedscope-report-');
    const { stdout, stderr } = await run(process.execPath, ['bin/feedscope.mjs', 'run', 'sample-graphs/tiny-demo.json', '--report', out], { cwd: ROOT });
    expect(stdout).toMatch(/Timeline model latency/);
    expect(stdout).toMatch(/readOffset/);
    const port = Number(/on port (\d+)/.exec(stderr)?.[1]);
    expect(port).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.scenario).toMatchObject({ name: 'Tiny demo', seed: 42 });
    expect(report.redis).toMatchObject({ url: 'private', port });
    expect(report.redis.version).toMatch(/^\d/);
    expect(report.graph).toMatchObject({ users: 50 });
    for (const op of ['fanoutWrite', 'readOffset', 'readCursor']) {
      expect(Object.keys(report.timeline[op])).toEqual(expect.arrayContaining(['count', 'p50Ms', 'p99Ms', 'maxMs']));
    }
    expect(report.writeAmplification).toBeGreaterThan(1);
    expect(report.memory.feeds[0]).toMatchObject({ encoding: expect.stringMatching(/listpack|skiplist/) });
    expect(report.spans.length).toBeGreaterThan(3);
    expect(await redisServerPids(port)).toEqual([]);
  });
});

/** Processes of redis-server listening on `port` (its process title is `redis-server 127.0.0.1:PORT`). */
async function redisServerPids(port: number): Promise<string[]> {
  const { stdout } = await run('sh', ['-c', `pgrep -f "[r]edis-server 127.0.0.1:${port}\\b" || true`]);
  return stdout.trim().split('\n').filter(Boolean).sort();
}
