/**
 * The explorer page: the view (web/view.ts) in the URL and the controls, rendering through the
 * compute engine (web/compute.ts) progressively (a quarter-resolution preview, then every pixel),
 * a new view cancelling the render in progress, and "save PNG" writing the CLI's file.
 *
 * `window.hotloopExplorer` reports what the page did (frames, cancellations, the last frame's
 * timing), for the browser tests and the benchmark that drive it.
 */
import { COLORMAPS } from '../src/julia/colormap.js';
import { juliaCommand } from '../src/julia/png-text.js';
import { createCompute } from './compute.js';
import type { ComputeEngine, RenderResult } from './engine.js';
import { attachGestures, keyMove } from './gestures.js';
import { drawMandelbrot } from './mandelbrot.js';
import { cAt, positionOf } from './thumbnail.js';
import { imageDataOf } from './paint.js';
import { pngOf } from './save-png.js';
import { DEFAULT_VIEW, type View, fitView, parametersOf, smoothApplies, viewFromQuery, viewToQuery } from './view.js';

interface FrameReport {
  /** The view's URL query when the frame was drawn. */
  query: string;
  width: number;
  height: number;
  /** From the start of the render to the full-resolution frame on the canvas. */
  milliseconds: number;
  /** Of the full-resolution render alone. */
  renderMilliseconds: number;
  iterations: number;
  /** When it was on the canvas: milliseconds since the page's navigation began (performance.now()). */
  at: number;
}

const explorer = {
  engine: '',
  /** Why the TypeScript workers compute when WebAssembly was wanted. */
  engineNote: undefined as string | undefined,
  /**
   * Renders started, full-resolution renders started (after their preview), full-resolution frames
   * drawn, previews drawn, and renders a newer view cancelled (during or before their full resolution).
   */
  started: 0,
  fullStarted: 0,
  frames: 0,
  previews: 0,
  cancelled: 0,
  last: undefined as FrameReport | undefined,
  /** Milliseconds since navigation began: this script running, the first layout (first render's start), the first preview drawn. */
  timeline: { script: performance.now(), laidOut: 0, firstPreview: 0 },
  error: undefined as string | undefined,
};
(window as unknown as { hotloopExplorer: typeof explorer }).hotloopExplorer = explorer;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('view');
const context = canvas.getContext('2d')!;
const thumbnail = $<HTMLCanvasElement>('mandelbrot');
const inputs = {
  re: $<HTMLInputElement>('c-re'),
  im: $<HTMLInputElement>('c-im'),
  itermin: $<HTMLInputElement>('itermin'),
  itermax: $<HTMLInputElement>('itermax'),
  threshold: $<HTMLInputElement>('threshold'),
  colormap: $<HTMLSelectElement>('colormap'),
  smooth: $<HTMLInputElement>('smooth'),
};
const saveButton = $<HTMLButtonElement>('save');

let engine: ComputeEngine;
let view: View = DEFAULT_VIEW;
interface Drawn {
  result: RenderResult;
  view: View;
  bitmap: HTMLCanvasElement;
}
/** The last full-resolution frame: what "save PNG" writes when it shows the current view. */
let frame: Drawn | undefined;
/** The last image drawn, preview or full: moved and scaled at once when the view changes. */
let shownImage: Drawn | undefined;
/** The full-resolution render in progress, which a new view cancels. */
let fullRender: AbortController | undefined;
let rendering = false;
let scheduled = false;

function status(text: string): void {
  $('status').textContent = text;
}

function sizeCanvas(): boolean {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(2, Math.round(canvas.clientWidth * dpr));
  const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (width === canvas.width && height === canvas.height) return false;
  canvas.width = width;
  canvas.height = height;
  return true;
}

/** Same parameters and smoothness: the counts can be reused and only the colours change. */
function sameImage(a: View, b: View): boolean {
  return a.c.re === b.c.re && a.c.im === b.c.im && a.xMin === b.xMin && a.xMax === b.xMax && a.yMin === b.yMin &&
    a.yMax === b.yMax && a.itermin === b.itermin && a.itermax === b.itermax && a.threshold === b.threshold &&
    smoothApplies(a) === smoothApplies(b);
}

/** Every change of view (or of canvas size) comes here: a new object, so the renderer sees it changed. */
function setView(next: View): void {
  view = { ...fitView(next, canvas.width, canvas.height) };
  history.replaceState(null, '', `?${viewToQuery(view)}${chosenEngine ? `&engine=${encodeURIComponent(chosenEngine)}` : ''}`);
  showControls();
  fullRender?.abort();
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    drawMoved();
    void renderUntilCurrent();
  });
}

/** The last image drawn, moved and scaled to where its content sits in the current view. */
function drawMoved(): void {
  if (!shownImage) return;
  const { result, view: old, bitmap } = shownImage;
  const { width, height } = canvas;
  const sx = (width - 1) / (view.xMax - view.xMin);
  const sy = (height - 1) / (view.yMax - view.yMin);
  const w = ((old.xMax - old.xMin) * sx * result.width) / (result.width - 1);
  const h = ((old.yMax - old.yMin) * sy * result.height) / (result.height - 1);
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = false;
  context.drawImage(bitmap, (old.xMin - view.xMin) * sx, (view.yMax - old.yMax) * sy, w, h);
}

function draw(result: RenderResult, shown: View): Drawn {
  const bitmap = document.createElement('canvas');
  bitmap.width = result.width;
  bitmap.height = result.height;
  bitmap.getContext('2d')!.putImageData(imageDataOf(result, shown.colormap, smoothApplies(shown)), 0, 0);
  return { result, view: shown, bitmap };
}

/** Renders views one at a time until the one on screen is the current one. */
async function renderUntilCurrent(): Promise<void> {
  if (rendering) return;
  rendering = true;
  try {
    for (let shown = view; ; shown = view) {
      await renderView(shown);
      if (view === shown) break;
    }
  } finally {
    rendering = false;
  }
}

/**
 * A quarter-resolution preview, then every pixel. The preview always completes (a few percent of the
 * work): during a continuous zoom or drag, previews are what keeps the picture current. A newer view
 * skips the full render, or cancels it when it is under way.
 */
async function renderView(shown: View): Promise<void> {
  const { width, height } = canvas;
  if (frame && frame.result.width === width && frame.result.height === height && sameImage(frame.view, shown)) {
    // Only the colouring changed: repaint the counts already computed.
    frame = shownImage = draw(frame.result, shown);
    context.drawImage(frame.bitmap, 0, 0);
    return;
  }
  explorer.started++;
  saveButton.disabled = true;
  const started = performance.now();
  const smooth = smoothApplies(shown);
  try {
    const previewWidth = Math.floor(width / 4);
    if (previewWidth >= 16) {
      const preview = await engine.render(parametersOf(shown, previewWidth), smooth, new AbortController().signal);
      shownImage = draw(preview, shown);
      drawMoved();
      explorer.previews++;
      explorer.timeline.firstPreview ||= performance.now();
      if (view !== shown) {
        explorer.cancelled++;
        return;
      }
    }
    const controller = new AbortController();
    fullRender = controller;
    explorer.fullStarted++;
    const result = await engine.render(parametersOf(shown, width), smooth, controller.signal);
    frame = shownImage = draw(result, shown);
    context.drawImage(frame.bitmap, 0, 0);
    const at = performance.now();
    const milliseconds = at - started;
    explorer.last = { query: viewToQuery(shown), width, height, milliseconds, renderMilliseconds: result.milliseconds, iterations: result.iterations, at };
    explorer.frames++;
    saveButton.disabled = false;
    const rate = result.iterations / (result.milliseconds / 1e3);
    $('stats').textContent = `${width}×${height} · ${milliseconds.toFixed(0)} ms · ${(rate / 1e6).toFixed(0)} M iterations/s · ${engine.description}`;
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      explorer.cancelled++;
      return;
    }
    explorer.error = (error as Error).message;
    status(`render failed: ${(error as Error).message}`);
  }
}

function showControls(): void {
  const set = (input: HTMLInputElement, value: number) => {
    if (document.activeElement !== input || Number(input.value) !== value) input.value = String(value);
    input.removeAttribute('aria-invalid');
  };
  set(inputs.re, view.c.re);
  set(inputs.im, view.c.im);
  set(inputs.itermin, view.itermin);
  set(inputs.itermax, view.itermax);
  set(inputs.threshold, view.threshold);
  inputs.colormap.value = view.colormap;
  inputs.smooth.checked = view.smooth;
  $('form-error').textContent = view.smooth && !smoothApplies(view) ? 'Smooth colouring needs an escape radius above 1: drawn without it.' : '';
  const p = parametersOf(view, canvas.width);
  $<HTMLTextAreaElement>('command').value = juliaCommand(p, view.colormap === 'grey' ? undefined : view.colormap, smoothApplies(view));
  const { x, y } = positionOf(view.c);
  const marker = $('c-marker');
  marker.hidden = !(x >= 0 && x <= 1 && y >= 0 && y <= 1);
  marker.style.left = `${x * thumbnail.clientWidth}px`;
  marker.style.top = `${y * thumbnail.clientHeight}px`;
}

/** A change in the form: applied when the whole view is valid, otherwise the offending field is marked. */
function controlsChanged(event: Event): void {
  const input = event.target as HTMLInputElement;
  const next: View = {
    ...view,
    c: { re: inputs.re.valueAsNumber, im: inputs.im.valueAsNumber },
    itermin: inputs.itermin.valueAsNumber,
    itermax: inputs.itermax.valueAsNumber,
    threshold: inputs.threshold.valueAsNumber,
    colormap: inputs.colormap.value as View['colormap'],
    smooth: inputs.smooth.checked,
  };
  try {
    if (!(next.itermax <= 1_000_000)) throw new RangeError(`Expected an iteration cap of at most 1000000 but received ${inputs.itermax.value}`);
    parametersOf(next, canvas.width);
  } catch (error) {
    input.setAttribute('aria-invalid', 'true');
    $('form-error').textContent = (error as Error).message;
    return;
  }
  setView(next);
}

function savePng(): void {
  if (!frame || frame.view !== view) return; // the button is disabled until the current view's frame is drawn
  const png = pngOf(frame.result, view.colormap, smoothApplies(view));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' }));
  link.download = 'julia.png';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  status(`saved julia.png (${png.length} bytes)`);
}

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest('input, select, textarea, button, summary')) return;
  if (target === thumbnail && event.key.startsWith('Arrow')) return; // the thumbnail moves c with its arrows
  const moved = keyMove(view, canvas.width, canvas.height, event.key, event.shiftKey);
  let next: View | undefined = moved;
  if (event.key === '0' || event.key === 'Home') next = { ...view, xMin: DEFAULT_VIEW.xMin, xMax: DEFAULT_VIEW.xMax, yMin: DEFAULT_VIEW.yMin, yMax: DEFAULT_VIEW.yMax };
  if (event.key === ']') next = { ...view, itermax: Math.min(1_000_000, view.itermax * 2) };
  if (event.key === '[') next = { ...view, itermax: Math.max(view.itermin + 1, Math.floor(view.itermax / 2)) };
  if (event.key === 'k') next = { ...view, colormap: COLORMAPS[(COLORMAPS.indexOf(view.colormap) + 1) % COLORMAPS.length] };
  if (event.key === 'm') next = { ...view, smooth: !view.smooth };
  if (event.key === 's') savePng();
  if (event.key === '?') $<HTMLDetailsElement>('help').open = !$<HTMLDetailsElement>('help').open;
  if (next || ['s', '?'].includes(event.key)) event.preventDefault();
  if (next) setView(next);
}

function pickC(event: MouseEvent): void {
  const rect = thumbnail.getBoundingClientRect();
  setView({ ...view, c: cAt(event.clientX - rect.left, event.clientY - rect.top, rect.width, rect.height) });
}

function thumbnailKey(event: KeyboardEvent): void {
  // One step is a thumbnail pixel (Shift: ten); the c inputs take exact values.
  const step = ((event.shiftKey ? 10 : 1) * 3) / thumbnail.clientWidth;
  const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  setView({ ...view, c: { re: view.c.re + move[0], im: view.c.im + move[1] } });
}

/** `engine=js` or `engine=wasm` in the address chooses the engine (kept in the address, not part of the view). */
const chosenEngine = new URLSearchParams(location.search).get('engine');

async function start(): Promise<void> {
  const compute = await createCompute(new URL('./', import.meta.url), chosenEngine);
  engine = compute.engine;
  explorer.engine = engine.description;
  if (compute.note) {
    explorer.engineNote = compute.note;
    $('stats').title = `TypeScript workers: ${compute.note}`;
  }
  const { view: fromUrl, problems } = viewFromQuery(location.search);
  if (problems.length > 0) status(`ignored from the address: ${problems.join(', ')}`);
  drawMandelbrot(thumbnail);
  attachGestures({ canvas, box: $('box'), view: () => view, setView });
  document.addEventListener('keydown', onKey);
  thumbnail.addEventListener('click', pickC);
  thumbnail.addEventListener('keydown', thumbnailKey);
  $('controls').addEventListener('change', controlsChanged);
  $('controls').addEventListener('submit', (event) => event.preventDefault());
  $('reset').addEventListener('click', () => setView(DEFAULT_VIEW));
  saveButton.addEventListener('click', savePng);
  // The first observation comes once the page is laid out: the canvas has its size, so render then.
  let first = true;
  new ResizeObserver(() => {
    const resized = sizeCanvas();
    if (first) {
      explorer.timeline.laidOut = performance.now();
      try {
        setView(fromUrl);
      } catch (error) {
        // A region this canvas cannot show (e.g. too tall for its width): the seed's view instead.
        status(`ignored the address's view: ${(error as Error).message}`);
        setView(DEFAULT_VIEW);
      }
    }
    else if (resized) setView(view);
    first = false;
  }).observe(canvas);
}

void start();
