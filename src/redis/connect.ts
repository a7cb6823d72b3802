/**
 * Redis connections for the distributed commands (ioredis, an optional peer dependency). The first
 * connection fails fast with the URL and the reason; once connected, a lost connection is retried
 * (a Redis restart) for up to `reconnectSeconds`, and commands wait for it.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { invalidRange, invalidType } from '../errors.js';
import { optionalImport } from '../io/optional.js';

export interface ConnectOptions {
  /** Shown in errors and in CLIENT LIST. */
  name?: string;
  /** Seconds to keep retrying after a connection is lost; default 60. */
  reconnectSeconds?: number;
}

/** Checks a redis:// or rediss:// URL; a TypeError/RangeError naming `parameter` otherwise. */
export function checkRedisUrl(parameter: string, url: unknown): URL {
  if (typeof url !== 'string') throw invalidType(parameter, 'redis:// URL', url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRange(parameter, 'redis:// URL (redis://host:port)', url);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalidRange(parameter, 'redis:// or rediss:// URL', url);
  if (parsed.hostname === '') throw invalidRange(parameter, 'redis:// URL with a host', url);
  return parsed;
}

/** Options for a client of `url` that reconnects for `reconnectSeconds` once it has connected. */
export function redisOptions(options: ConnectOptions = {}): RedisOptions & { state: { connected: boolean } } {
  const state = { connected: false, lostAt: 0 };
  const limit = (options.reconnectSeconds ?? 60) * 1000;
  return {
    state,
    lazyConnect: true,
    connectionName: options.name,
    maxRetriesPerRequest: null, // commands wait for a reconnect instead of failing after 20 tries
    enableOfflineQueue: true,
    retryStrategy(times) {
      if (!state.connected) return null; // the first connection fails fast
      if (times === 1) state.lostAt = Date.now();
      if (Date.now() - state.lostAt > limit) return null;
      return Math.min(50 * times, 1000);
    },
  };
}

/** A connected ioredis client, or an Error naming the URL and why it could not connect. */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<Redis> {
  checkRedisUrl('redis url', url);
  const { Redis: Client } = await optionalImport<typeof import('ioredis')>('ioredis', 'Redis support');
  const { state, ...clientOptions } = redisOptions(options);
  const client = new Client(url, clientOptions);
  // Errors are reported through the failing command, or by connect() below with the socket's reason
  // (connect() itself only says "Connection is closed").
  let reason: Error | undefined;
  client.on('error', (error: Error) => (reason = error));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${url}: ${(reason ?? (error as Error)).message}`, { cause: error });
  }
  state.connected = true;
  client.on('end', () => {
    state.connected = false;
  });
  return client;
}
