import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Tracer } from '../trace/Tracer.js';
import { writeFlameFiles } from './flameFiles.js';

describe('run --report flame files', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes folded stacks and speedscope JSON, for all spans and per model', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feedscope-flame-'));
    const t = new Tracer();
    await t.span('timeline.readOffset', undefined, (s) => t.span('redis.ZREVRANGE', s, async () => new Promise((r) => setTimeout(r, 2))));
    await t.span('graph.recall', undefined, async () => new Promise((r) => setTimeout(r, 1)));
    const files = await writeFlameFiles(dir, t);
    expect(files).toEqual(['flame.folded.txt', 'flame.speedscope.json', 'flame-graph.folded.txt', 'flame-graph.speedscope.json', 'flame-timeline.folded.txt', 'flame-timeline.speedscope.json']);
    const folded = await readFile(path.join(dir, 'flame.folded.txt'), 'utf8');
    expect(folded).toMatch(/^timeline\.readOffset;redis\.ZREVRANGE \d+$/m);
    expect(folded).toMatch(/^graph\.recall \d+$/m);
    const perModel = await readFile(path.join(dir, 'flame-timeline.folded.txt'), 'utf8');
    expect(perModel).not.toContain('graph.recall');
    const ss = JSON.parse(await readFile(path.join(dir, 'flame.speedscope.json'), 'utf8'));
    expect(ss.shared.frames.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['timeline.readOffset', 'redis.ZREVRANGE', 'graph.recall']));
    expect(ss.profiles[0].unit).toBe('microseconds');
  });
});
