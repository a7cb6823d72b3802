// The browser entry in a real browser: hotloop/wasm bundled with esbuild (as a page would), served
// cross-origin isolated, run by headless Chromium (driven by puppeteer-core, as the explorer's
// tests), which renders a Julia image on two module Web Workers and on the page's thread. Both must
// equal the Node API's image. Skipped without chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { juliaSync } from '../src/index.js';
import { WASM_MODULE } from '../src/wasm/node.js';
import { packageRoot } from '../src/native-loader.js';
import { wasmAvailable } from './backends.js';
import { launchChromium, noChromium } from './browser.js';

const skip = !wasmAvailable ? 'hotloop.wasm not built' : noChromium;

const OPTIONS = { c: [-0.8, 0.156], xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 160, itermax: 400, smooth: true };

/**
 * FNV-1a over the bytes of the counts and norms: a short, exact fingerprint of an image. Written as
 * source, so the page runs the very same code (a transpiled function's text could carry helpers).
 */
const FINGERPRINT = `function fingerprint(counts, norms) {
  let hash = 0x811c9dc5;
  for (const view of [counts, norms]) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  }
  return hash.toString(16);
}`;
const fingerprint = new Function(`return ${FINGERPRINT}`)() as (counts: ArrayBufferView, norms: ArrayBufferView) => string;

const PAGE = `<!doctype html><meta charset="utf-8"><body><pre id="out">running</pre><script type="module">
import { loadWasm } from './browser.js';
const out = document.getElementById('out');
${FINGERPRINT}
try {
  const hotloop = await loadWasm({ url: './hotloop.wasm', threads: 2 });
  const options = ${JSON.stringify(OPTIONS)};
  const progress = [];
  const image = await hotloop.julia({ ...options, threads: 2, onProgress: (f) => progress.push(f) });
  const sync = hotloop.juliaSync(options);
  out.textContent = 'RESULT ' + JSON.stringify({ isolated: crossOriginIsolated, width: image.width, height: image.height,
    async: fingerprint(image.counts, image.norms), sync: fingerprint(sync.counts, sync.norms), last: progress.at(-1),
    workers: hotloop.info().workers, kernels: hotloop.info().kernels });
  hotloop.terminate();
} catch (error) {
  out.textContent = 'ERROR ' + error.message;
}
</script>`;

describe('hotloop/wasm in headless Chromium', { skip }, () => {
  let dir = '';
  let server: ReturnType<typeof createServer>;
  let origin = '';
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-wasm-browser-'));
    const esbuild = await import('esbuild');
    for (const name of ['browser', 'worker-browser']) {
      await esbuild.build({
        entryPoints: [new URL(`../src/wasm/${name}.ts`, import.meta.url).pathname],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        outfile: path.join(dir, `${name}.js`),
        logLevel: 'silent',
      });
    }
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

  it('renders on module workers and on the page thread what the Node API renders', async () => {
    // The page's own clock, not Chromium's virtual time (--dump-dom could print the page before the
    // workers, real threads, had answered): wait for the result line, two minutes at most on a
    // loaded machine.
    const browser = await launchChromium();
    let text = '';
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/index.html`);
      await page.waitForFunction(`document.getElementById('out')?.textContent !== 'running'`, { timeout: 120_000, polling: 100 });
      text = await page.$eval('#out', (element) => element.textContent ?? '');
    } finally {
      await browser.close();
    }
    const line = /^(RESULT|ERROR) (.*)$/s.exec(text);
    assert.ok(line, `no result in the page: ${text.slice(0, 400)}`);
    assert.equal(line[1], 'RESULT', line[2]);
    const result = JSON.parse(line[2]) as Record<string, unknown>;
    const expected = juliaSync({ ...(OPTIONS as object), backend: 'js' });
    assert.equal(result.isolated, true);
    assert.equal(result.width, expected.width);
    assert.equal(result.height, expected.height);
    assert.equal(result.async, fingerprint(expected.counts, expected.norms!));
    assert.equal(result.sync, fingerprint(expected.counts, expected.norms!));
    assert.equal(result.last, 1);
    assert.equal(result.workers, 2);
  });
});
