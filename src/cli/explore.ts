// `hotloop explore`: serves the Julia explorer (the page `npm run build:web` builds into
// dist/web/) on 127.0.0.1, prints its address, and runs until Ctrl-C, which closes the server and
// ends the process as Ctrl-C ends any Unix tool (status 130).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../native-loader.js';
import { type Example, examplesHelp } from './examples.js';
import { print } from './output.js';
import { endBySignal } from './signals.js';
import { createStaticServer } from './static-server.js';
import { UsageError, parseInteger } from './usage.js';

const DEFAULT_PORT = 8417;

interface ExploreFlags {
  port: string;
  host: string;
}

export const exploreExamples: Example[] = [
  { command: 'hotloop explore', comment: `the explorer on http://127.0.0.1:${DEFAULT_PORT}/` },
  { command: 'hotloop explore --port 0', comment: 'on any free port (the address is printed)' },
];

/** The built page, or a clear failure (exit 1) when the package was installed without it. */
export function webFolder(): string {
  const folder = path.join(packageRoot(), 'dist', 'web');
  if (!existsSync(path.join(folder, 'index.html')) || !existsSync(path.join(folder, 'main.js'))) {
    throw new Error(`the explorer's page is not built (no ${path.join(folder, 'index.html')}): run npm run build:web`);
  }
  return folder;
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} on ${host} is in use: choose another with --port (0 picks a free one)`);
  if (error.code === 'EACCES') return new Error(`no permission to listen on port ${port} of ${host}: choose a port above 1023 with --port`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new Error(`cannot listen on ${host}: not an address of this machine`);
  return new Error(`cannot listen on ${host}:${port}: ${error.message}`);
}

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('serve the Julia explorer, a web page to pan and zoom the Julia set, on 127.0.0.1 (Ctrl-C stops it)')
    .option('--port <n>', `port to listen on, 0 for any free one (default ${DEFAULT_PORT})`, String(DEFAULT_PORT))
    .option('--host <address>', 'address to listen on: 127.0.0.1 keeps the page on this machine', '127.0.0.1')
    .addHelpText('after', examplesHelp(exploreExamples))
    .action(async (flags: ExploreFlags) => {
      const port = parseInteger('--port', flags.port, 0, 65535);
      if (flags.host.trim() === '') throw new UsageError('--host expects an address such as 127.0.0.1 but received ""');
      const server = createStaticServer(webFolder());
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, flags.host, port)));
        server.listen(port, flags.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      await print(`hotloop explore: serving the Julia explorer at http://${host}:${address.port}/ (Ctrl-C to stop)`);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          server.close();
          server.closeAllConnections();
          endBySignal(signal);
        });
      }
      // The command's promise never settles: the server runs until a signal ends the process.
      await new Promise<never>(() => {});
    });
}
