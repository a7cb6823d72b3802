// The Julia explorer: its view math and URL (web/view.ts) and the server (`hotloop explore`) in
// Node, then the page itself in a real headless Chromium: the default view's pixels against the
// Node API's render of the same view, pan and zoom by synthetic input, cancellation by a second
// zoom, and "save PNG" against the CLI's bytes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { juliaGrey, juliaPng, juliaSync } from '../src/index.js';
import { ISOLATION_HEADERS, createStaticServer, fileFor } from '../src/cli/static-server.js';
import { cAt } from '../web/thumbnail.js';
import { DEFAULT_VIEW, boxView, fitView, heightOf, panView, parametersOf, pointAt, viewFromQuery, viewToQuery, zoomView } from '../web/view.js';
import { type ExplorerReport, buildWeb, launchChromium, noChromium, serveWeb, wasmBuilt, webDir } from './browser.js';
import { runCli, runCliAsync } from './cli-run.js';
import { decodePng } from './png-decode.js';

// What the functions run inside the page see (the tests compile without the DOM's types).
declare const window: { hotloopExplorer: ExplorerReport };
declare const crossOriginIsolated: boolean;
declare const document: { activeElement: { blur(): void } | null };
declare interface HTMLTextAreaElement { value: string }

describe('explorer view (web/view.ts)', () => {
  it("keeps the seed's region exactly on a square canvas and fits other canvases to the CLI's height", () => {
    assert.deepEqual(fitView(DEFAULT_VIEW, 400, 400), DEFAULT_VIEW);
    // Back on a square canvas after another one, the region is the seed's again.
    assert.deepEqual(fitView(fitView(DEFAULT_VIEW, 400, 150), 1000, 1000), DEFAULT_VIEW);
    for (const [w, h] of [[1038, 1000], [1000, 1], [640, 480], [3, 2000], [1999, 1001]]) {
      const fitted = fitView(DEFAULT_VIEW, w, h);
      assert.equal(heightOf(fitted, w), h, `${w}x${h}`);
      assert.equal(fitted.xMin, DEFAULT_VIEW.xMin);
      assert.equal(parametersOf(fitted, w).resolution, w);
    }
  });

  it('pans by whole pixels and zooms about a fixed point', () => {
    const [w, h] = [400, 300];
    const view = fitView(DEFAULT_VIEW, w, h);
    const panned = panView(view, w, h, 10, -20);
    const pixel = (view.xMax - view.xMin) / (w - 1);
    assert.ok(Math.abs(panned.xMin - (view.xMin - 10 * pixel)) < 1e-15);
    assert.ok(panned.yMin < view.yMin);
    assert.equal(heightOf(panned, w), h);
    const zoomed = zoomView(view, w, h, 0.5, 100, 50);
    const before = pointAt(view, w, h, 100, 50);
    const afterZoom = pointAt(zoomed, w, h, 100, 50);
    assert.ok(Math.abs(before.re - afterZoom.re) < 1e-12 && Math.abs(before.im - afterZoom.im) < 1e-9);
    assert.ok(Math.abs((zoomed.xMax - zoomed.xMin) / (view.xMax - view.xMin) - 0.5) < 1e-12);
    assert.equal(heightOf(zoomed, w), h);
    // Past the narrowest or widest region a zoom leaves the view as it is.
    let deep = view;
    for (let i = 0; i < 200; i++) deep = zoomView(deep, w, h, 0.5, 200, 150);
    assert.ok(deep.xMax - deep.xMin >= 1e-12);
    let wide = view;
    for (let i = 0; i < 50; i++) wide = zoomView(wide, w, h, 2, 200, 150);
    assert.ok(wide.xMax - wide.xMin <= 16);
  });

  it('zooms into a box, widened to the canvas aspect so all of it stays in view', () => {
    const [w, h] = [400, 400];
    const boxed = boxView(DEFAULT_VIEW, w, h, 100, 100, 300, 200);
    const a = pointAt(DEFAULT_VIEW, w, h, 100, 100);
    const b = pointAt(DEFAULT_VIEW, w, h, 300, 200);
    assert.ok(boxed.xMin <= a.re && boxed.xMax >= b.re && boxed.yMax >= a.im && boxed.yMin <= b.im);
    assert.equal(heightOf(boxed, w), h);
    assert.deepEqual(boxView(DEFAULT_VIEW, w, h, 5, 5, 5, 5), DEFAULT_VIEW); // a click is no box
  });

  it('round-trips through the URL and reports every unusable value', () => {
    const view = { ...zoomView(DEFAULT_VIEW, 400, 400, 0.3, 17, 250), c: { re: 0.285, im: 0.01 }, itermin: 0, itermax: 500, colormap: 'magma' as const, smooth: true, threshold: 4 };
    assert.deepEqual(viewFromQuery(viewToQuery(view)), { view, problems: [] });
    assert.deepEqual(viewFromQuery(''), { view: DEFAULT_VIEW, problems: [] });
    const bad = viewFromQuery('c=oops&x=1&X=0&m=50&M=10&t=-1&map=rainbow&smooth=yes');
    assert.deepEqual(bad.view, DEFAULT_VIEW);
    assert.deepEqual(bad.problems, ['c=oops', 'region', 'm=50 not below M=10', 't=-1', 'map=rainbow', 'smooth=yes']);
    assert.deepEqual(viewFromQuery('c=-0.8%2B0.156i&M=2000000').problems, ['M=2000000']);
    assert.deepEqual(viewFromQuery('c=-0.8%2B0.156i').view.c, { re: -0.8, im: 0.156 });
  });
});

describe('explorer server', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'hotloop-web-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('never maps a path outside its folder', () => {
    assert.equal(fileFor('/srv/web', '/'), '/srv/web/index.html');
    assert.equal(fileFor('/srv/web', '/main.js'), '/srv/web/main.js');
    assert.equal(fileFor('/srv/web', '/../etc/passwd'), '/srv/web/etc/passwd');
    assert.equal(fileFor('/srv/web', '/%2e%2e/%2e%2e/etc/passwd'), '/srv/web/etc/passwd');
    assert.equal(fileFor('/srv/web', '/a%00b'), undefined);
    assert.equal(fileFor('/srv/web', '/%E0%A4%A'), undefined);
  });

  it('serves files with the cross-origin-isolation headers, 404 and 405 otherwise', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(folder, 'index.html'), '<!doctype html><p>hi</p>');
    const server = createStaticServer(folder);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (urlPath: string, method = 'GET') =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        http.request({ host: '127.0.0.1', port, path: urlPath, method }, (response) => {
          let body = '';
          response.on('data', (d) => (body += d)).on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        }).on('error', reject).end();
      });
    try {
      const page = await get('/');
      assert.equal(page.status, 200);
      assert.equal(page.body, '<!doctype html><p>hi</p>');
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) assert.equal(page.headers[name.toLowerCase()], value, name);
      assert.equal((await get('/missing.js')).status, 404);
      assert.equal((await get('/../../etc/passwd')).status, 404);
      assert.equal((await get('/', 'POST')).status, 405);
      assert.equal((await get('/', 'HEAD')).headers['content-length'], '24');
    } finally {
      server.close();
    }
  });

  it('`hotloop explore`: a bad port is exit 2, a port in use exit 1, one line each', async () => {
    buildWeb();
    for (const port of ['65536', '-1', 'http', '']) {
      const run = runCli(['explore', '--port', port]);
      assert.equal(run.status, 2, `--port ${port}: ${run.stderr}`);
      assert.match(run.stderr, /^hotloop: --port expects an integer between 0 and 65535 but received .*\n$/);
    }
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const run = await runCliAsync(['explore', '--port', String(port)]);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, `hotloop: port ${port} on 127.0.0.1 is in use: choose another with --port (0 picks a free one)\n`);
    } finally {
      taken.close();
    }
  });

  it('`hotloop explore` prints its address, serves the page, and ends on Ctrl-C', async () => {
    const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)\n/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.match(await response.text(), /<title>Julia explorer/);
    const ended = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGINT');
    assert.deepEqual(await ended, [null, 'SIGINT']);
    assert.equal(stderr, '');
  });
});

describe('explorer in Chromium', { skip: noChromium, timeout: 120_000 }, () => {
  let browser: Browser;
  let page: Page;
  let base: string;
  let closeServer: () => void;
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'hotloop-downloads-'));
  // A 400 x 400 canvas: the panel is 300 px wide.
  const [W, H] = [400, 400];

  const report = () => page.evaluate(() => window.hotloopExplorer);
  const framesAfter = async (frames: number) => {
    await page.waitForFunction((n) => window.hotloopExplorer.frames > n, { timeout: 60_000 }, frames);
    return report();
  };
  const query = () => new URL(page.url()).search.slice(1);
  /** The canvas as a screenshot, decoded: grey levels when R = G = B everywhere. */
  const canvasShot = async () => {
    await page.evaluate(() => document.activeElement?.blur()); // no focus ring in the picture
    // Within the viewport as it is: a capture beyond it would resize the page, and so re-render it.
    const shot = decodePng(new Uint8Array(await page.screenshot({ type: 'png', clip: { x: 300, y: 0, width: W, height: H }, captureBeyondViewport: false })));
    assert.equal(shot.width, W);
    assert.equal(shot.height, H);
    return shot;
  };
  const greyOf = (shot: ReturnType<typeof decodePng>) => {
    const grey = new Uint8Array(shot.width * shot.height);
    for (let i = 0; i < grey.length; i++) {
      const [r, g, b] = [shot.pixels[shot.channels * i], shot.pixels[shot.channels * i + 1], shot.pixels[shot.channels * i + 2]];
      assert.ok(r === g && g === b, `pixel ${i} is not grey`);
      grey[i] = r;
    }
    return grey;
  };
  /** The Node API's grey levels of the view in the page's URL. */
  const nodeGrey = (search: string) => {
    const { view, problems } = viewFromQuery(search);
    assert.deepEqual(problems, []);
    return juliaGrey(juliaSync({ ...parametersOf(view, W) }));
  };
  const sameGrey = (actual: Uint8Array, expected: Uint8Array, what: string) => {
    let differ = 0;
    for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) differ++;
    if (differ > 0) {
      const first = expected.findIndex((e, i) => actual[i] !== e);
      assert.fail(`${what}: ${differ} of ${expected.length} pixels differ, the first at (${first % W}, ${Math.floor(first / W)}): ${actual[first]} instead of ${expected[first]}`);
    }
  };

  before(async () => {
    buildWeb();
    const served = await serveWeb();
    base = served.url;
    closeServer = () => served.server.close();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 300 + W, height: H, deviceScaleFactor: 1 });
    // The corner read-outs sit over the canvas: hidden for the screenshots, not for the page.
    page.on('load', () => void page.addStyleTag({ content: '#stats, #status { visibility: hidden; }' }).catch(() => {}));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  });
  after(async () => {
    await browser?.close();
    closeServer?.();
    rmSync(downloads, { recursive: true, force: true });
  });

  it("loads the seed's view, cross-origin isolated, and draws the Node API's grey levels on each engine", async () => {
    await page.goto(base);
    let state = await framesAfter(0);
    assert.equal(state.error, undefined);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(query(), viewToQuery(DEFAULT_VIEW));
    assert.equal(state.last!.query, query());
    // WebAssembly by default when the page was built with it, else the TypeScript workers, saying why.
    if (wasmBuilt()) assert.match(state.engine, /^WebAssembly, \d+ workers?$/);
    else assert.deepEqual([state.engine.replace(/\d+/, 'N'), state.engineNote], ['TypeScript, N workers', 'the page was built without the wasm backend']);
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), `default view, ${state.engine}`);
    assert.equal(await page.$eval('#command', (e) => (e as HTMLTextAreaElement).value), 'hotloop julia -c=-0.835-0.2321i -x=-0.1 -X=0.1 -y=-0.1 -Y=0.1 -m=20 -M=100 -R=400');
    if (!wasmBuilt()) return;
    await page.goto(`${base}?engine=js`);
    state = await framesAfter(0);
    assert.match(state.engine, /^TypeScript, \d+ workers?$/);
    assert.equal(new URL(page.url()).searchParams.get('engine'), 'js', 'the choice stays in the address');
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), `default view, ${state.engine}`);
    await page.goto(base);
    await framesAfter(0);
  });

  it('falls back to the TypeScript workers on a page that is not cross-origin isolated', async () => {
    const plain = createStaticServer(webDir, { isolate: false });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/?${viewToQuery(DEFAULT_VIEW)}&engine=wasm`);
      const state = await framesAfter(0);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(state.engine, /^TypeScript, \d+ workers?$/);
      assert.equal(state.engineNote, 'the page is not cross-origin isolated (COOP/COEP headers), so no shared memory');
      sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'default view without isolation');
    } finally {
      plain.close();
    }
    await page.goto(base);
    await framesAfter(0);
  });

  it('pans by a mouse drag and zooms by the wheel, the URL and the pixels following', async () => {
    let state = await report();
    await page.mouse.move(300 + 200, 200);
    await page.mouse.down();
    await page.mouse.move(300 + 240, 230, { steps: 4 });
    await page.mouse.up();
    state = await framesAfter(state.frames);
    const panned = viewFromQuery(query()).view;
    const expected = panView(DEFAULT_VIEW, W, H, 40, 30);
    assert.ok(Math.abs(panned.xMin - expected.xMin) < 1e-15 && Math.abs(panned.yMax - expected.yMax) < 1e-15, query());
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, {}, query());
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'after the drag');

    state = await report();
    await page.mouse.move(300 + 100, 300);
    await page.mouse.wheel({ deltaY: -300 });
    await framesAfter(state.frames);
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, {}, query());
    const zoomed = viewFromQuery(query()).view;
    assert.ok(Math.abs((zoomed.xMax - zoomed.xMin) / (panned.xMax - panned.xMin) - Math.exp(-0.6)) < 1e-9, query());
    const fixed = pointAt(panned, W, H, 100, 300);
    const still = pointAt(zoomed, W, H, 100, 300);
    assert.ok(Math.abs(fixed.re - still.re) < 1e-12 && Math.abs(fixed.im - still.im) < 1e-12, 'the point under the pointer stays');
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'after the wheel');
  });

  it('zooms into a Shift-drag box and by the keyboard', async () => {
    let state = await report();
    const start = viewFromQuery(query()).view;
    await page.keyboard.down('Shift');
    await page.mouse.move(300 + 50, 80);
    await page.mouse.down();
    await page.mouse.move(300 + 250, 180, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    state = await framesAfter(state.frames);
    const boxed = viewFromQuery(query()).view;
    const expected = boxView(start, W, H, 50, 80, 250, 180);
    assert.ok(Math.abs(boxed.xMin - expected.xMin) < 1e-15 && Math.abs(boxed.xMax - expected.xMax) < 1e-15, query());

    await page.focus('#view');
    await page.keyboard.press('-');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, { timeout: 60_000 }, viewToQuery(
      panView(zoomView(boxed, W, H, 2, (W - 1) / 2, (H - 1) / 2), W, H, -0.1 * W, 0),
    ));
    await page.keyboard.press('0');
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, { timeout: 60_000 }, viewToQuery(DEFAULT_VIEW));
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'back home');
  });

  it('cancels a render when a second zoom comes before it ends, and draws the second view', async () => {
    // A slow first render, so that the second zoom comes during it: with c = 0 the set is the unit
    // disk, so the middle of the view never escapes and every pixel there runs to itermax (the
    // seed's c is mostly dust: its renders end in milliseconds whatever itermax). WebAssembly needs
    // more iterations than the TypeScript workers to take as long.
    const wasm = wasmBuilt(); // the default engine when the page has it
    await page.goto(`${base}?${viewToQuery({ ...DEFAULT_VIEW, c: { re: 0, im: 0 }, itermax: wasm ? 1500 : 400 })}`);
    await framesAfter(0);
    const before = await report();
    // The second wheel event is sent as soon as the first one's full-resolution render has started.
    // (A string: tsx would wrap named functions in a helper the page does not have.)
    await page.evaluate(`(async () => {
      const explorer = window.hotloopExplorer;
      const canvas = document.getElementById('view');
      const rect = canvas.getBoundingClientRect();
      // Zoom about the middle, where the set's interior keeps every pixel iterating to the end:
      // about an edge most pixels escape at once and the full render could end before the second zoom.
      const init = (dx) => ({ deltaY: -200, clientX: rect.left + rect.width / 2 + dx, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true });
      const started = explorer.fullStarted;
      canvas.dispatchEvent(new WheelEvent('wheel', init(0)));
      while (explorer.fullStarted === started) await new Promise(requestAnimationFrame);
      canvas.dispatchEvent(new WheelEvent('wheel', init(20)));
    })()`);
    const state = await framesAfter(before.frames);
    assert.ok(state.cancelled > before.cancelled, `cancelled ${state.cancelled}`);
    assert.equal(state.frames, before.frames + 1, 'the first zoom never reached full resolution');
    assert.equal(state.last!.query, query());
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'after two quick zooms');
    // Leave the page on the seed's light view for the next tests.
    await page.goto(base);
    await framesAfter(0);
  });

  it('takes c from the Mandelbrot thumbnail and the form, marks a rejected value, and follows the keys', async () => {
    await page.goto(base);
    let state = await framesAfter(0);
    const thumb = (await (await page.$('#mandelbrot'))!.boundingBox())!;
    await page.mouse.click(thumb.x + 120, thumb.y + 100);
    state = await framesAfter(state.frames);
    const picked = viewFromQuery(query()).view.c;
    const expected = cAt(120, 100, thumb.width, thumb.height);
    const pixel = 3 / thumb.width; // the thumbnail spans 3 units of c
    assert.ok(Math.abs(picked.re - expected.re) < 1.5 * pixel && Math.abs(picked.im - expected.im) < 1.5 * pixel, `${query()} (the click lands within a pixel)`);
    await page.keyboard.press('ArrowRight'); // the thumbnail has the focus: c moves one thumbnail pixel
    state = await framesAfter(state.frames);
    const moved = viewFromQuery(query()).view.c;
    assert.ok(Math.abs(moved.re - (picked.re + pixel)) < 1e-12 && moved.im === picked.im, query());

    await page.click('#itermax', { clickCount: 3 });
    await page.keyboard.type('250');
    await page.keyboard.press('Tab');
    state = await framesAfter(state.frames);
    assert.equal(viewFromQuery(query()).view.itermax, 250);
    sameGrey(greyOf(await canvasShot()), nodeGrey(query()), 'c from the thumbnail, 250 iterations');

    const before = query();
    await page.click('#itermin', { clickCount: 3 });
    await page.keyboard.type('300');
    await page.keyboard.press('Tab');
    assert.equal(await page.$eval('#itermin', (e) => e.getAttribute('aria-invalid')), 'true');
    assert.match(await page.$eval('#form-error', (e) => e.textContent ?? ''), /^Expected integer less than itermax \(250\) for itermin but received 300/);
    assert.equal(query(), before, 'a rejected value leaves the view as it was');

    await page.focus('#view');
    for (const key of ['k', 'm', ']'] as const) await page.keyboard.press(key);
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, { timeout: 60_000 }, query());
    const keyed = viewFromQuery(query()).view;
    assert.deepEqual([keyed.colormap, keyed.smooth, keyed.itermax], ['viridis', true, 500]);
    await page.click('#reset');
    await page.waitForFunction((q) => window.hotloopExplorer.last?.query === q, { timeout: 60_000 }, viewToQuery(DEFAULT_VIEW));
  });

  it('zooms in on a double-click and by a two-finger pinch', async () => {
    let state = await report();
    await page.mouse.click(300 + 100, 100, { clickCount: 2 });
    state = await framesAfter(state.frames);
    const clicked = viewFromQuery(query()).view;
    assert.ok(Math.abs((clicked.xMax - clicked.xMin) / (DEFAULT_VIEW.xMax - DEFAULT_VIEW.xMin) - 0.5) < 1e-12, query());

    // setViewport with touch reloads the page: mark this one, so the wait below sees the new page's
    // first frame, not this page's frames (touches sent during the reload were lost, and the test hung).
    await page.evaluate('window.hotloopOldPage = true');
    await page.setViewport({ width: 300 + W, height: H, deviceScaleFactor: 1, hasTouch: true }); // reloads the page
    await page.waitForFunction('!window.hotloopOldPage && window.hotloopExplorer && window.hotloopExplorer.frames > 0', { timeout: 60_000 });
    state = await report();
    const start = viewFromQuery(query()).view;
    const cdp = await page.createCDPSession();
    const touch = (type: string, points: Array<[number, number]>) =>
      cdp.send('Input.dispatchTouchEvent', { type: type as 'touchStart', touchPoints: points.map(([x, y], id) => ({ x: 300 + x, y, id })) });
    await touch('touchStart', [[150, 200], [250, 200]]);
    for (const spread of [60, 75, 90, 100]) await touch('touchMove', [[200 - spread, 200], [200 + spread, 200]]);
    await touch('touchEnd', []);
    // The page's own address, read in the page: one read here could come before the last touch's view
    // reached the address, and wait for a view that a newer one had already replaced.
    await page.waitForFunction(`window.hotloopExplorer.frames > ${state.frames} && window.hotloopExplorer.last?.query === location.search.slice(1)`, { timeout: 60_000 });
    const pinched = viewFromQuery(query()).view;
    assert.ok(Math.abs((pinched.xMax - pinched.xMin) / (start.xMax - start.xMin) - 0.5) < 1e-9, query());
    const centre = pointAt(start, W, H, 200, 200);
    const after = pointAt(pinched, W, H, 200, 200);
    assert.ok(Math.abs(centre.re - after.re) < 2 * (start.xMax - start.xMin) / W, 'the point between the fingers stays (within a pixel or two)');
    await page.setViewport({ width: 300 + W, height: H, deviceScaleFactor: 1 });
  });

  it("saves the CLI's PNG, byte for byte, in grey and in smooth colour, on each engine", async () => {
    const cases = [{}, { colormap: 'magma' as const, smooth: true, itermin: 0, itermax: 250 }];
    for (const [extra, engine] of (wasmBuilt() ? ['wasm', 'js'] : ['js']).flatMap((e) => cases.map((c) => [c, e] as const))) {
      const view = { ...DEFAULT_VIEW, ...zoomView(DEFAULT_VIEW, W, H, 3, 10, 20), ...extra };
      await page.goto(`${base}?${viewToQuery(view)}&engine=${engine}`);
      await framesAfter(0);
      for (const file of readdirSync(downloads)) rmSync(path.join(downloads, file));
      await page.click('#save');
      const file = path.join(downloads, 'julia.png');
      const deadline = Date.now() + 20_000;
      while (!readdirSync(downloads).includes('julia.png') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const saved = new Uint8Array(readFileSync(file));
      const shown = viewFromQuery(query()).view;
      const image = juliaSync({ ...parametersOf(shown, W), smooth: shown.smooth });
      const expected = await juliaPng(image, { colormap: shown.colormap === 'grey' ? undefined : shown.colormap, smooth: shown.smooth || undefined });
      assert.deepEqual(saved, new Uint8Array(expected), `PNG of ${query()}`);
      const decoded = decodePng(saved);
      assert.equal(decoded.width, W);
      assert.match(decoded.text.Comment, /^hotloop julia -c=-0\.835-0\.2321i -x=/);
      assert.equal(JSON.parse(decoded.text.Parameters).resolution, W);
      if (!shown.smooth) sameGrey(decoded.pixels, juliaGrey(image), 'saved grey PNG');
      else assert.equal(decoded.channels, 3);
    }
  });
});
