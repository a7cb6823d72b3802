/**
 * The read-ahead worker's Redis connection (read-worker.ts): a plain TCP or Unix socket speaking
 * RESP2 for one kind of command (XREADGROUP), written for what ioredis cannot do here: the socket
 * reads into one buffer kept for the connection's life (Node's `onread` option), and every bulk
 * string of 1 KiB or more is copied straight from it into a buffer `take(length)` supplies (the
 * worker's pool). So a reply of packed entries allocates no fresh memory: no page faults, no copy
 * of each field into a new Buffer, nothing for the collector.
 *
 * It does what the consumer's ioredis client does on a Redis restart: commands wait while it
 * reconnects (every 50 ms to 1 s, for `reconnectSeconds`), those in flight are sent again, and a
 * command refused while the server loads its data (LOADING) is sent again 100 ms later.
 */
import { type Socket, connect } from 'node:net';

export interface RespConnectionOptions {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
  connectionName?: string;
  reconnectSeconds?: number;
}

/** Bulk strings at least this long go to `take`; shorter ones to small Buffers of Node's pool. */
const TAKE_FROM = 1024;
const READ_BUFFER = 256 * 1024;

/** An error reply of Redis. */
export class RespError extends Error {}

type Reply = null | number | string | Buffer | RespError | Reply[];

/** An incremental RESP2 parser over the chunks of a socket. */
export class ReplyParser {
  #take: (length: number) => Buffer;
  #done: (reply: Reply) => void;
  /** A header line cut by the end of a chunk. */
  #partial: Buffer | null = null;
  #bulk: Buffer | null = null;
  #bulkAt = 0;
  /** Bytes still to skip (the CRLF after a bulk string). */
  #skip = 0;
  #stack: { items: Reply[]; remaining: number }[] = [];

  constructor(take: (length: number) => Buffer, done: (reply: Reply) => void) {
    this.#take = take;
    this.#done = done;
  }

  #value(value: Reply): void {
    for (;;) {
      const top = this.#stack.at(-1);
      if (!top) return this.#done(value);
      top.items.push(value);
      if (--top.remaining > 0) return;
      this.#stack.pop();
      value = top.items;
    }
  }

  feed(chunk: Buffer, length: number): void {
    let at = 0;
    while (at < length) {
      if (this.#skip > 0) {
        const k = Math.min(this.#skip, length - at);
        at += k;
        this.#skip -= k;
        continue;
      }
      if (this.#bulk) {
        const k = Math.min(this.#bulk.length - this.#bulkAt, length - at);
        chunk.copy(this.#bulk, this.#bulkAt, at, at + k);
        at += k;
        this.#bulkAt += k;
        if (this.#bulkAt === this.#bulk.length) {
          const bulk = this.#bulk;
          this.#bulk = null;
          this.#skip = 2;
          this.#value(bulk);
        }
        continue;
      }
      const newline = chunk.indexOf(10, at);
      if (newline < 0 || newline >= length) {
        this.#partial = this.#partial ? Buffer.concat([this.#partial, chunk.subarray(at, length)]) : Buffer.from(chunk.subarray(at, length));
        return;
      }
      const line = this.#partial ? Buffer.concat([this.#partial, chunk.subarray(at, newline + 1)]) : chunk.subarray(at, newline + 1);
      this.#partial = null;
      at = newline + 1;
      const text = line.toString('latin1', 1, line.length - 2);
      switch (line[0]) {
        case 0x2a: {
          // '*' array
          const n = Number(text);
          if (n < 0) this.#value(null);
          else if (n === 0) this.#value([]);
          else this.#stack.push({ items: [], remaining: n });
          break;
        }
        case 0x24: {
          // '$' bulk string
          const n = Number(text);
          if (n < 0) this.#value(null);
          else {
            this.#bulk = n >= TAKE_FROM ? this.#take(n) : Buffer.allocUnsafe(n);
            this.#bulkAt = 0;
            if (n === 0) {
              this.#bulk = null;
              this.#skip = 2;
              this.#value(Buffer.alloc(0));
            }
          }
          break;
        }
        case 0x2b: // '+' simple string
          this.#value(text);
          break;
        case 0x2d: // '-' error
          this.#value(new RespError(text));
          break;
        case 0x3a: // ':' integer
          this.#value(Number(text));
          break;
        default:
          throw new Error(`unexpected RESP reply type ${JSON.stringify(String.fromCharCode(line[0]))}`);
      }
    }
  }
}

/** One RESP command as bytes. */
function command(args: (string | number)[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(String(arg))}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

interface Waiting {
  bytes: Buffer;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

export class RespConnection {
  readonly #options: RespConnectionOptions;
  readonly #take: (length: number) => Buffer;
  readonly #readBuffer = Buffer.allocUnsafe(READ_BUFFER);
  #socket: Socket | null = null;
  #parser: ReplyParser | null = null;
  /** Commands sent (or to send once connected), oldest first: replies come in this order. */
  #waiting: Waiting[] = [];
  /** Setup replies still expected on this socket before the commands' own. */
  #setupReplies = 0;
  #ready = false;
  #closed = false;
  #lostAt = 0;
  #attempts = 0;
  #fatal: Error | null = null;

  constructor(options: RespConnectionOptions, take: (length: number) => Buffer) {
    this.#options = options;
    this.#take = take;
    this.#connect();
  }

  #connect(): void {
    const o = this.#options;
    this.#ready = false;
    this.#parser = new ReplyParser(this.#take, (reply) => this.#reply(reply));
    const onread = { buffer: this.#readBuffer, callback: (length: number, buffer: Buffer) => this.#feed(buffer, length) };
    const socket = o.path ? connect({ path: o.path, onread }) : connect({ host: o.host ?? '127.0.0.1', port: o.port ?? 6379, onread });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const setup: (string | number)[][] = [];
      if (o.password !== undefined && o.password !== null) setup.push(o.username ? ['AUTH', o.username, o.password] : ['AUTH', o.password]);
      if (o.db) setup.push(['SELECT', o.db]);
      if (o.connectionName) setup.push(['CLIENT', 'SETNAME', o.connectionName]);
      this.#setupReplies = setup.length;
      for (const args of setup) socket.write(command(args));
      for (const waiting of this.#waiting) socket.write(waiting.bytes);
      this.#ready = true;
      this.#attempts = 0;
      this.#lostAt = 0;
    });
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#ready = false;
      if (this.#closed || this.#fatal) return;
      // Lost (a Redis restart): the commands in flight are sent again once connected.
      if (this.#lostAt === 0) this.#lostAt = Date.now();
      if (Date.now() - this.#lostAt > (o.reconnectSeconds ?? 60) * 1000) {
        this.#fail(new Error(`lost the connection to Redis at ${o.path ?? `${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`} for more than ${o.reconnectSeconds ?? 60} s`));
        return;
      }
      this.#attempts++;
      setTimeout(() => this.#connect(), Math.min(50 * this.#attempts, 1000));
    });
  }

  #feed(buffer: Buffer, length: number): boolean {
    try {
      this.#parser!.feed(buffer, length);
    } catch (error) {
      this.#fail(error as Error);
      this.#socket?.destroy();
    }
    return true;
  }

  #reply(reply: Reply): void {
    if (this.#setupReplies > 0) {
      this.#setupReplies--;
      // A wrong password or database cannot get better by retrying.
      if (reply instanceof RespError) this.#fail(new Error(`Redis refused the read-ahead connection's setup: ${reply.message}`));
      return;
    }
    const waiting = this.#waiting.shift();
    if (!waiting) return;
    if (reply instanceof RespError && reply.message.startsWith('LOADING')) {
      // A restarted server still loading its data (the client's ready check waits for that too): ask again soon.
      setTimeout(() => this.#send(waiting), 100);
      return;
    }
    if (reply instanceof RespError) waiting.reject(reply);
    else waiting.resolve(reply);
  }

  #fail(error: Error): void {
    this.#fatal ??= error;
    for (const waiting of this.#waiting) waiting.reject(this.#fatal);
    this.#waiting = [];
  }

  /** Sends a command; its reply (bulk strings as Buffers), or the error Redis answered. */
  call(args: (string | number)[]): Promise<Reply> {
    if (this.#fatal) return Promise.reject(this.#fatal);
    if (this.#closed) return Promise.reject(new Error('the read-ahead connection is closed'));
    return new Promise((resolve, reject) => this.#send({ bytes: command(args), resolve, reject }));
  }

  #send(waiting: Waiting): void {
    if (this.#fatal) return waiting.reject(this.#fatal);
    this.#waiting.push(waiting);
    if (this.#ready) this.#socket!.write(waiting.bytes);
  }

  close(): void {
    this.#closed = true;
    this.#socket?.destroy();
    this.#fail(new Error('the read-ahead connection is closed'));
  }
}
