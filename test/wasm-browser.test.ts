// The browser entry in a real browser: hotloop/wasm bundled with esbuild (as a page would), served
// cross-origin isolated, run by headless Chromium (driven by puppeteer-core, as the explorer's
// tests). The page calls every kernel and function that has a wasm form, sync and async, on two
// module Web Workers and on the page's thread (test/wasm-scenario.ts); every result must equal the
// TypeScript reference's in Node, bit for bit (PNGs: the same pixels, since pako and zlib may
// compress differently). Skipped without chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as api from '../src/index.js';
import { WASM_MODULE } from '../src/wasm/node.js';
import { packageRoot } from '../src/native-loader.js';
import { wasmAvailable } from './backends.js';
import { launchChromium, noChromium } from './browser.js';
import { decodePng } from './png-decode.js';
import { scenario } from './wasm-scenario.js';

const skip = !wasmAvailable ? 'hotloop.wasm not built' : noChromium;

/** The page's script (bundled with the entry and the scenario): loads the backend, runs the scenario, prints the results. */
const PAGE_SCRIPT = `
import * as hotloop from '../src/wasm/browser.ts';
import { scenario } from './wasm-scenario.ts';
const out = document.getElementById('out');
const base64 = (bytes) => { let s = ''; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
try {
  const before = hotloop.backend();
  await hotloop.loadWasm({ url: './hotloop.wasm', workerUrl: './worker-browser.js', threads: 2 });
  const result = await scenario(hotloop, 'wasm', 2);
  const info = hotloop.wasmInfo();
  // A backend whose memory may grow to 4 MiB only: a bigger array is a RangeError, not a trap.
  await hotloop.loadWasm({ url: './hotloop.wasm', workerUrl: './worker-browser.js', threads: 2, maximumMemory: 4 * 1024 * 1024 });
  let memoryError = 'none';
  try { hotloop.alloc(Float64Array, 1e6); } catch (error) { memoryError = error.name + ': ' + error.message; }
  const small = hotloop.solveCubicsSync([1, 0, 0, -8]).roots[0];
  out.textContent = 'RESULT ' + JSON.stringify({ isolated: crossOriginIsolated, before, after: hotloop.backend(), workers: info.workers, syncThreads: info.syncThreads, memoryError, small,
    fingerprints: result.fingerprints, pngs: Object.fromEntries(Object.entries(result.pngs).map(([k, v]) => [k, base64(v)])) });
} catch (error) {
  out.textContent = 'ERROR ' + error.message + ' | ' + error.stack;
}
`;
const PAGE = `<!doctype html><meta charset="utf-8"><body><pre id="out">running</pre><script type="module" src="./page.js"></script>`;

describe('hotloop/wasm in headless Chromium', { skip }, () => {
  let dir = '';
  let server: ReturnType<typeof createServer>;
  let origin = '';
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-wasm-browser-'));
    const esbuild = await import('esbuild');
    const common = { bundle: true, platform: 'browser', format: 'esm', logLevel: 'silent' } as const;
    await esbuild.build({ ...common, entryPoints: [new URL('../src/wasm/worker-browser.ts', import.meta.url).pathname], outfile: path.join(dir, 'worker-browser.js') });
    const here = new URL('.', import.meta.url).pathname;
    await esbuild.build({ ...common, stdin: { contents: PAGE_SCRIPT, resolveDir: here, loader: 'ts' }, outfile: path.join(dir, 'page.js') });
    writeFileSync(path.join(dir, 'hotloop.wasm'), readFileSync(path.join(packageRoot(), WASM_MODULE)));
    writeFileSync(path.join(dir, 'index.html'), PAGE);
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    server = createServer((request, response) => {
      const file = path.join(dir, path.basename(new URL(request.url ?? '/', 'http://x').pathname) || 'index.html');
      try {
        const body = readFileSync(file);
        // Cross-origin isolation: what shared wasm memory needs in a browser.
        response.writeHead(200, {
          'content-type': types[path.extname(file)] ?? 'application/octet-stream',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every kernel and function with a wasm form, sync and async, as the TypeScript reference in Node', { timeout: 300_000 }, async () => {
    // The page's own clock, not Chromium's virtual time (--dump-dom could print the page before the
    // workers, real threads, had answered): wait for the result line, four minutes at most on a
    // loaded machine.
    const browser = await launchChromium();
    let text = '';
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/index.html`);
      await page.waitForFunction(`document.getElementById('out')?.textContent !== 'running'`, { timeout: 240_000, polling: 100 });
      text = await page.$eval('#out', (element) => element.textContent ?? '');
    } finally {
      await browser.close();
    }
    const line = /^(RESULT|ERROR) (.*)$/s.exec(text);
    assert.ok(line, `no result in the page: ${text.slice(0, 400)}`);
    assert.equal(line[1], 'RESULT', line[2]);
    const result = JSON.parse(line[2]) as { isolated: boolean; before: string; after: string; workers: number; syncThreads: boolean; memoryError: string; small: number; fingerprints: Record<string, string>; pngs: Record<string, string> };
    assert.equal(result.isolated, true);
    assert.equal(result.before, 'js', 'before loadWasm the functions run on js');
    assert.equal(result.after, 'wasm');
    assert.equal(result.workers, 2, 'the async calls ran on the two workers');
    assert.match(result.memoryError, /^RangeError: hotloop wasm: cannot grow the wasm memory from \d+ to \d+ bytes for alloc\(Float64Array, 1000000\)/);
    assert.equal(result.small, 2, 'the small backend still serves');
    assert.equal(result.syncThreads, false, "a page's main thread cannot block: its sync calls run on it alone");
    const expected = await scenario(api, 'js', 1);
    assert.deepEqual(result.fingerprints, expected.fingerprints);
    assert.deepEqual(Object.keys(result.pngs), Object.keys(expected.pngs));
    for (const [name, encoded] of Object.entries(result.pngs)) {
      const png = decodePng(new Uint8Array(Buffer.from(encoded, 'base64')));
      assert.equal(png.width, expected.width, name);
      assert.equal(png.height, expected.height, name);
      assert.deepEqual(png.pixels, expected.grey, name);
    }
  });
});
