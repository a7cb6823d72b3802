/**
 * A real redis-server for the tests: started on a free loopback port with no persistence (or,
 * for the restart test, an append-only file in a temporary folder), stopped after. `startRedis`
 * returns null with the reason when no server can start, and the tests skip with that message.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SERVER = process.env.HOTLOOP_REDIS_SERVER ?? 'redis-server';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM, which writes the append-only file when persistent) and waits. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** The server's process id while it runs. */
  pid(): number | undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something answers PING with PONG on the port, or rejects after `ms`. */
async function waitForPong(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => socket.destroy());
      socket.on('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Why redis-server cannot run here, or null when it can. */
export function redisUnavailable(): string | null {
  const probe = spawnSync(SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `redis-server not found (${probe.error?.message ?? probe.stderr.trim()}); install the Debian package redis-server`;
  return null;
}

/** Starts a server; null (with the reason logged) when it cannot. */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis | null> {
  const missing = redisUnavailable();
  if (missing) {
    console.log(`# ${missing}`);
    return null;
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'hotloop-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--loglevel', 'warning'];
  args.push(...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (data) => (stderr += data));
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${stderr.trim()}`))));
    exited.catch(() => {});
    await Promise.race([waitForPong(port, 10_000), exited]);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await start();
  } catch (error) {
    console.log(`# redis-server could not start: ${(error as Error).message}`);
    await stop();
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    start,
    pid: () => child?.pid,
    async stop() {
      await stop();
    },
  };
}

/** Stops the server and removes its folder. */
export async function stopRedis(redis: TestRedis | null): Promise<void> {
  if (!redis) return;
  await redis.stop();
  rmSync(redis.dir, { recursive: true, force: true });
}
