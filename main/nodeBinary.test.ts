import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSystemNode } from './nodeBinary.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findSystemNode', () => {
  it('takes FEEDSCOPE_NODE when it is executable, and nothing when it is not', () => {
    const node = path.join(dir, 'my-node');
    writeFileSync(node, '#!/bin/sh\n');
    chmodSync(node, 0o755);
    expect(findSystemNode({ FEEDSCOPE_NODE: node, PATH: '' })).toBe(node);
    expect(findSystemNode({ FEEDSCOPE_NODE: path.join(dir, 'missing'), PATH: process.env.PATH })).toBeNull();
  });

  it('finds the first executable node on PATH, skipping folders without one', () => {
    const a = mkdtempSync(path.join(dir, 'a-'));
    const b = mkdtempSync(path.join(dir, 'b-'));
    writeFileSync(path.join(a, 'node'), 'not executable');
    writeFileSync(path.join(b, 'node'), '#!/bin/sh\n');
    chmodSync(path.join(b, 'node'), 0o755);
    expect(findSystemNode({ PATH: [path.join(dir, 'none'), a, b].join(path.delimiter) })).toBe(path.join(b, 'node'));
    expect(findSystemNode({ PATH: a })).toBeNull();
  });
});
