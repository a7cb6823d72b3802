/**
 * Headless Chromium for the explorer's tests and benchmark: the system's chromium (or
 * $HOTLOOP_CHROMIUM), driven by puppeteer-core, and the built page served by `hotloop explore`'s
 * own server on a free port.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createStaticServer } from '../src/cli/static-server.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
export const webDir = fileURLToPath(new URL('../dist/web/', import.meta.url));

/** The browser to drive, or undefined when none is installed (the tests then skip, saying so). */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.HOTLOOP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((file): file is string => !!file && existsSync(file));
}

export const noChromium = chromiumPath() ? false : 'no Chromium installed (apt-get install chromium, or set HOTLOOP_CHROMIUM)';

/** Builds dist/web/ (esbuild, about a second), so the tests always load the page of these sources. */
export function buildWeb(): void {
  const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:web failed:\n${build.stderr}`);
}

/** True when dist/web/ holds the WebAssembly backend (the checkout has it and `npm run build:wasm` ran). */
export function wasmBuilt(): boolean {
  return existsSync(path.join(webDir, 'wasm', 'browser.js')) && existsSync(path.join(webDir, 'wasm', 'hotloop.wasm'));
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    protocolTimeout: 120_000,
  });
}

export async function serveWeb(): Promise<{ server: Server; url: string }> {
  const server = createStaticServer(webDir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The explorer's report object (web/main.ts). */
export interface ExplorerReport {
  engine: string;
  engineNote?: string;
  started: number;
  fullStarted: number;
  frames: number;
  previews: number;
  cancelled: number;
  last?: { query: string; width: number; height: number; milliseconds: number; renderMilliseconds: number; iterations: number; at: number };
  error?: string;
  timeline: { script: number; laidOut: number; firstPreview: number };
}
