import { describe, expect, it } from 'vitest';
import { respCommand, RespReplyCounter } from './RespWriter.js';
import { encodeCommandsBuffer, encodeFanoutBuffer } from './respEncode.js';
import type { RedisCommand } from './transport/RedisTransport.js';

describe('encodeCommandsBuffer', () => {
  it('writes the same bytes as respCommand, with byte lengths for any UTF-8 argument', () => {
    const cmds: RedisCommand[] = [
      ['SET', 'k', 'é'],
      ['ZADD', 'z', 1.5, 'm'],
      ['XADD', 'fs:{u9}:stream', 'MAXLEN', '~', 1000, '*', 'item', '投稿 12345', 'score', -0.25],
      ['HSET', 'h', '', 'x'.repeat(12345)],
    ];
    expect(encodeCommandsBuffer(cmds).toString('utf8')).toBe(cmds.map((c) => respCommand(c)).join(''));
  });

  it('puts a prefix (a cluster ASKING) before the commands it is given for', () => {
    const asking = Buffer.from(respCommand(['ASKING']));
    const out = encodeCommandsBuffer([['GET', 'a'], ['GET', 'b']], (i) => (i === 1 ? asking : null));
    expect(out.toString()).toBe(respCommand(['GET', 'a']) + respCommand(['ASKING']) + respCommand(['GET', 'b']));
  });

  it('grows past its reused length table (more arguments than it started with)', () => {
    const cmds: RedisCommand[] = Array.from({ length: 3000 }, (_, i) => ['ZADD', `feed:${i}`, i, `p${i}`]);
    const out = encodeCommandsBuffer(cmds);
    expect(out.toString()).toBe(cmds.map((c) => respCommand(c)).join(''));
    const counter = new RespReplyCounter();
    // The encoding is RESP arrays of bulk strings: a reply parser counts one per command.
    expect(counter.feed(out)).toBe(3000);
  });
});

describe('encodeFanoutBuffer', () => {
  it('encodes a ZADD per key and a trim where asked, as respCommand would', () => {
    const keys = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? `feed:{ü${i}}` : `feed:${i}`));
    const trims = keys.map((_, i) => i % 3 === 0);
    const { payload, commands } = encodeFanoutBuffer({ keys, trims, score: 1733.125, member: 'post:42', maxLength: 400 });
    let want = '';
    for (let i = 0; i < keys.length; i++) {
      want += respCommand(['ZADD', keys[i], 1733.125, 'post:42']);
      if (trims[i]) want += respCommand(['ZREMRANGEBYRANK', keys[i], 0, -401]);
    }
    expect(payload.toString('utf8')).toBe(want);
    expect(commands).toBe(keys.length + trims.filter(Boolean).length);
  });

  it('is empty for no keys', () => {
    const { payload, commands } = encodeFanoutBuffer({ keys: [], trims: [], score: 1, member: 'm', maxLength: 10 });
    expect(payload.length).toBe(0);
    expect(commands).toBe(0);
  });
});
