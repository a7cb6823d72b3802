import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplyParser, RespError } from '../src/geofence/resp-reader.js';

/** Every reply `bytes` parses to, fed in pieces of `piece` bytes through a reused read buffer (as the socket's `onread`). */
function parse(bytes: Buffer, piece: number, taken: Buffer[] = []): unknown[] {
  const replies: unknown[] = [];
  const parser = new ReplyParser(
    (length) => {
      const buffer = Buffer.alloc(length);
      taken.push(buffer);
      return buffer;
    },
    (reply) => replies.push(reply),
  );
  const readBuffer = Buffer.alloc(64);
  for (let at = 0; at < bytes.length; at += piece) {
    const n = bytes.copy(readBuffer, 0, at, Math.min(bytes.length, at + piece));
    // Stale bytes after `n` must be ignored.
    readBuffer.fill(0x2a, n);
    parser.feed(readBuffer, n);
  }
  return replies;
}

describe('geofence read-ahead RESP2 parser', () => {
  const big = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
  const bytes = Buffer.concat([
    Buffer.from('*2\r\n*2\r\n$6\r\nstream\r\n*2\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$9\r\npositions\r\n'),
    Buffer.from(`$${big.length}\r\n`),
    big,
    Buffer.from('\r\n*2\r\n$3\r\n1-1\r\n*-1\r\n$-1\r\n'),
    Buffer.from('*-1\r\n+OK\r\n-LOADING Redis is loading\r\n:42\r\n$0\r\n\r\n*0\r\n'),
  ]);
  const want = [
    [
      [Buffer.from('stream'), [[Buffer.from('1-0'), [Buffer.from('positions'), big]], [Buffer.from('1-1'), null]]],
      null,
    ],
    null,
    'OK',
    new RespError('LOADING Redis is loading'),
    42,
    Buffer.alloc(0),
    [],
  ];

  it('parses the same replies whatever the pieces the socket delivers (1 byte to 64)', () => {
    for (let piece = 1; piece <= 64; piece++) {
      const taken: Buffer[] = [];
      const replies = parse(bytes, piece, taken);
      assert.deepEqual(replies, want, `pieces of ${piece}`);
      assert.equal(replies.length, 7);
      assert.ok(replies[3] instanceof RespError);
      // The one bulk string of 1 KiB or more went to `take`, and is the buffer in the reply.
      assert.equal(taken.length, 1);
      const [[, entries]] = replies[0] as [[Buffer, [Buffer, Buffer[]][]]];
      assert.equal(entries[0][1][1], taken[0]);
    }
  });

  it('an unknown reply type is an error, not a hang', () => {
    assert.throws(() => parse(Buffer.from('%1\r\n'), 8), /unexpected RESP reply type "%"/);
  });
});
