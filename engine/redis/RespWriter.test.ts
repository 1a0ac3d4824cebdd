import { describe, expect, it } from 'vitest';
import { respCommand, RespReplyCounter } from './RespWriter.js';

describe('respCommand', () => {
  it('encodes byte lengths, not character lengths', () => {
    expect(respCommand(['SET', 'k', 'é'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
    expect(respCommand(['ZADD', 'z', 1.5, 'm'])).toBe('*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\nm\r\n');
  });
});

describe('RespReplyCounter', () => {
  const stream = Buffer.from(':1\r\n+OK\r\n-ERR wrong type\r\n$5\r\nhello\r\n$-1\r\n*2\r\n:1\r\n*1\r\n$2\r\nab\r\n*-1\r\n');

  it('counts every kind of top-level reply and keeps errors with their position', () => {
    const c = new RespReplyCounter();
    expect(c.feed(stream)).toBe(7);
    expect(c.errors).toEqual([{ index: 2, message: 'ERR wrong type' }]);
  });

  it('gives the same count whatever the chunking', () => {
    for (let size = 1; size <= 7; size++) {
      const c = new RespReplyCounter();
      let n = 0;
      for (let i = 0; i < stream.length; i += size) n += c.feed(stream.subarray(i, i + size));
      expect(n).toBe(7);
      expect(c.total).toBe(7);
      expect(c.errors.map((e) => e.index)).toEqual([2]);
    }
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => new RespReplyCounter().feed(Buffer.from('hello\r\n'))).toThrow(/out of step/);
  });
});

describe('parseReply', () => {
  it('turns replies into values and says when one is incomplete', async () => {
    const { parseReply, RespErrorReply } = await import('./RespWriter.js');
    const buf = Buffer.from('*3\r\n$3\r\nabc\r\n:42\r\n*-1\r\n-ERR no\r\n$2\r\né\r\n');
    const a = parseReply(buf, 0)!;
    expect(a.value).toEqual(['abc', 42, null]);
    const e = parseReply(buf, a.end)!;
    expect(e.value).toBeInstanceOf(RespErrorReply);
    expect((e.value as Error).message).toBe('ERR no');
    expect(parseReply(buf, e.end)!.value).toBe('é');
    expect(parseReply(buf.subarray(0, 12), 0)).toBeNull();
  });

  it('mixes counted and parsed replies in one stream, whatever the chunking', () => {
    const stream = Buffer.from(':1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n:2\r\n');
    for (let size = 1; size <= 5; size++) {
      const c = new RespReplyCounter();
      const values: unknown[] = [];
      for (let i = 0; i < stream.length; i += size) c.feed(stream.subarray(i, i + size), () => c.total === 1, (v) => values.push(v));
      expect(c.total).toBe(3);
      expect(values).toEqual([['a', 'b']]);
    }
  });
});
