// The Julia explorer in headless Chromium (issue 17): time from navigation to the first
// full-resolution 1000x1000 frame of the seed's view, and the zoom frame rate, both as the page
// reports them (window.hotloopExplorer). Step zoom: a wheel notch, then wait for its full frame,
// repeated. Continuous zoom: a wheel event every animation frame for a few seconds, counting the
// frames the page draws (quarter-resolution previews and full frames; a newer view cancels a render).
// Each engine the page has (WebAssembly when built, then the TypeScript workers), and beside them
// the same image on this machine in Node, for scale.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { juliaSync } from '../src/index.js';
import { type ExplorerReport, buildWeb, chromiumPath, launchChromium, serveWeb, wasmBuilt } from '../test/browser.js';
import { cpuModel, saveResults } from './harness.js';

const SIDE = 1000;
const FIRST_FRAME_RUNS = 5;
const ZOOM_STEPS = 12;
const CONTINUOUS_SECONDS = 4;
const SCREENSHOT_VIEW = 'c=-0.8%2C0.156&x=-1.5&X=1.5&y=-0.96&Y=0.96&m=0&M=300&t=2&map=magma&smooth=1';

declare const window: { hotloopExplorer: ExplorerReport };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function run(): Promise<void> {
  if (!chromiumPath()) {
    console.log('skipped: no Chromium installed (apt-get install chromium, or set HOTLOOP_CHROMIUM)');
    return;
  }
  buildWeb();
  const { server, url } = await serveWeb();
  const browser = await launchChromium();
  const load = [os.loadavg()[0]];
  try {
    const page = await browser.newPage();
    // The panel is 300 px wide: the canvas is SIDE x SIDE.
    await page.setViewport({ width: 300 + SIDE, height: SIDE, deviceScaleFactor: 1 });
    const report = () => page.evaluate(() => window.hotloopExplorer);
    const framesAfter = async (n: number) => {
      await page.waitForFunction((k) => window.hotloopExplorer.frames > k, { timeout: 120_000, polling: 'raf' }, n);
      return report();
    };

    /** The figures of one engine ('wasm' or 'js', as the address's engine=). */
    const measureEngine = async (engineChoice: string) => {
      const first: number[] = [];
      const timelines: ExplorerReport['timeline'][] = [];
      const render: number[] = [];
      let engine = '';
      let iterations = 0;
      for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
        await page.goto('about:blank');
        await page.goto(`${url}?engine=${engineChoice}`);
        const state = await framesAfter(0);
        if (state.last!.width !== SIDE || state.last!.height !== SIDE) throw new Error(`canvas is ${state.last!.width}x${state.last!.height}, not ${SIDE}x${SIDE}`);
        first.push(state.last!.at);
        timelines.push(state.timeline);
        render.push(state.last!.renderMilliseconds);
        engine = state.engine;
        iterations = state.last!.iterations;
      }

      // Step zoom: each notch waits for its full frame.
      await page.mouse.move(300 + SIDE / 2, SIDE / 2);
      const stepStart = performance.now();
      for (let i = 0; i < ZOOM_STEPS; i++) {
        const before = await report();
        await page.mouse.wheel({ deltaY: i < ZOOM_STEPS / 2 ? -100 : 100 });
        await framesAfter(before.frames);
      }
      const stepSeconds = (performance.now() - stepStart) / 1e3;

      // Continuous zoom: a wheel event every animation frame, in and then out.
      const continuous = (await page.evaluate(`(async () => {
        const explorer = window.hotloopExplorer;
        const canvas = document.getElementById('view');
        const rect = canvas.getBoundingClientRect();
        const before = { frames: explorer.frames, previews: explorer.previews, cancelled: explorer.cancelled };
        const start = performance.now();
        let events = 0;
        while (performance.now() - start < ${CONTINUOUS_SECONDS * 1000}) {
          const inward = performance.now() - start < ${CONTINUOUS_SECONDS * 500};
          canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: inward ? -15 : 15, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true }));
          events++;
          await new Promise(requestAnimationFrame);
        }
        const seconds = (performance.now() - start) / 1000;
        return { seconds, events, frames: explorer.frames - before.frames, previews: explorer.previews - before.previews, cancelled: explorer.cancelled - before.cancelled };
      })()`)) as { seconds: number; events: number; frames: number; previews: number; cancelled: number };
      return { engine, iterations, first, timelines, render, stepSeconds, continuous };
    };
    const results = [];
    for (const choice of wasmBuilt() ? ['wasm', 'js'] : ['js']) results.push(await measureEngine(choice));

    // The same image in Node on this machine, for scale: the TypeScript kernel on one thread, and native.
    const nodeMs = (backend: 'js' | 'native') => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        juliaSync({ resolution: SIDE, backend });
        times.push(performance.now() - start);
      }
      return median(times);
    };
    const nodeJs = nodeMs('js');
    let nodeNative: number | undefined;
    try {
      nodeNative = nodeMs('native');
    } catch {
      nodeNative = undefined;
    }
    load.push(os.loadavg()[0]);

    console.log(`\nexplorer in headless Chromium ${(await browser.version()).replace(/^HeadlessChrome\//, '')}, ${SIDE}x${SIDE} canvas, the seed's view (${(results[0].iterations / 1e6).toFixed(1)} M iterations)`);
    for (const { engine, iterations, first, timelines, render, stepSeconds, continuous } of results) {
      const firstMs = median(first);
      const renderMs = median(render);
      const mid = (key: keyof ExplorerReport['timeline']) => median(timelines.map((t) => t[key]));
      console.log(`engine: ${engine}`);
      console.log(`first full-resolution frame after navigation   ${firstMs.toFixed(0).padStart(6)} ms   (median of ${FIRST_FRAME_RUNS}: ${first.map((t) => t.toFixed(0)).join(', ')})`);
      console.log(`  the page's script running after             ${mid('script').toFixed(0).padStart(6)} ms   (navigation, a new renderer process: COOP isolates the page)`);
      console.log(`  first layout, the render starting after     ${mid('laidOut').toFixed(0).padStart(6)} ms   (the engine loaded)`);
      console.log(`  quarter-resolution preview drawn after      ${mid('firstPreview').toFixed(0).padStart(6)} ms   (workers started, 250x250 rendered)`);
      console.log(`  the full-resolution render itself           ${renderMs.toFixed(0).padStart(6)} ms   ${(iterations / renderMs / 1e3).toFixed(0)} M iterations/s`);
      console.log(`step zoom (wheel notch, wait for full frame)   ${(ZOOM_STEPS / stepSeconds).toFixed(2).padStart(6)} full frames/s  (${ZOOM_STEPS} notches in ${stepSeconds.toFixed(2)} s)`);
      console.log(`continuous zoom (a wheel event every frame)    ${((continuous.frames + continuous.previews) / continuous.seconds).toFixed(2).padStart(6)} frames/s drawn  (${continuous.previews} previews + ${continuous.frames} full in ${continuous.seconds.toFixed(1)} s; ${continuous.events} wheel events, ${continuous.cancelled} renders cancelled)`);
    }
    console.log(`Node on this machine, same image: TypeScript 1 thread ${nodeJs.toFixed(0)} ms${nodeNative === undefined ? '' : `, native all threads ${nodeNative.toFixed(0)} ms`}`);
    console.log(`machine: ${cpuModel()}, ${os.availableParallelism()} logical cores; load average (1 min) before / after: ${load[0].toFixed(2)} / ${load[1].toFixed(2)}`);
    // The README's screenshot: the page on a colourful view, as a JPEG beside the results.
    await page.setViewport({ width: 1200, height: 720, deviceScaleFactor: 1 });
    await page.goto(`${url}?${SCREENSHOT_VIEW}`);
    await framesAfter(0);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    const shot = new URL('./results/explore-screenshot.jpg', import.meta.url);
    await page.screenshot({ path: fileURLToPath(shot), type: 'jpeg', quality: 85 });
    console.log(`screenshot: ${path.relative(process.cwd(), fileURLToPath(shot))}`);

    saveResults('explore', {
      explore: { side: SIDE, engines: results, stepZoomSteps: ZOOM_STEPS, nodeJsMs: nodeJs, nodeNativeMs: nodeNative, load },
    });
  } finally {
    await browser.close();
    server.close();
  }
}
