/**
 * The explorer's view: what is rendered (the CLI's parameters plus colouring) and the pure math of
 * moving it (pan, zoom about a point, zoom into a box), fitting it to the canvas, and writing it
 * to and reading it from the page's URL. No DOM here, so Node tests it directly.
 *
 * The region is kept as the CLI's -x -X -y -Y, fitted so that `hotloop julia` at resolution =
 * canvas width gives exactly the canvas height: a view is then one `hotloop julia` command.
 */
import { COLORMAPS, type ColormapName } from '../src/julia/colormap.js';
import { parseComplexText } from '../src/julia/complex-text.js';
import { DEFAULTS, type ResolvedJuliaParameters, resolveParameters } from '../src/julia/params.js';
import { ComplexRegion } from '../src/julia/region.js';

export interface View {
  c: { re: number; im: number };
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  itermin: number;
  itermax: number;
  threshold: number;
  colormap: ColormapName;
  smooth: boolean;
}

/** The seed's view (its region and c, 20..100 iterations) in grey, as `hotloop julia` draws it. */
export const DEFAULT_VIEW: View = {
  c: { ...DEFAULTS.c },
  xMin: DEFAULTS.xMin,
  xMax: DEFAULTS.xMax,
  yMin: DEFAULTS.yMin,
  yMax: DEFAULTS.yMax,
  itermin: DEFAULTS.itermin,
  itermax: DEFAULTS.itermax,
  threshold: DEFAULTS.threshold,
  colormap: 'grey',
  smooth: false,
};

/** Highest itermax the page offers (counts stay 16-bit up to 65535; above that 32-bit, slower). */
export const PAGE_MAX_ITERMAX = 1_000_000;
/** Narrowest region: below this doubles no longer separate neighbouring pixels of a 4000-px canvas. */
export const MIN_SPAN = 1e-12;
/** Widest region: the whole filled Julia set of every c fits in [-2, 2]^2. */
export const MAX_SPAN = 16;

/** The render parameters of a view on a canvas `width` pixels wide (the CLI's -R). */
export function parametersOf(view: View, width: number): ResolvedJuliaParameters {
  return resolveParameters({
    c: view.c, xMin: view.xMin, xMax: view.xMax, yMin: view.yMin, yMax: view.yMax,
    resolution: width, itermin: view.itermin, itermax: view.itermax, threshold: view.threshold,
  });
}

/** Smooth colouring needs a threshold above 1 (the log of the escape radius divides). */
export function smoothApplies(view: View): boolean {
  return view.smooth && view.threshold > 1;
}

/** The image height `hotloop julia` gives this region at `width` pixels. */
export function heightOf(view: View, width: number): number {
  return new ComplexRegion(view.xMin, view.xMax, view.yMin, view.yMax).size(width).height;
}

/**
 * The view with its y-range set around its centre so that the image is `width` x `height`, the
 * x-range and centre kept; unchanged when it already is. The y-range is first the x-range scaled
 * by the canvas's aspect (so the seed's square region is exactly [-0.1, 0.1]^2 on any square
 * canvas), and half a pixel taller when that truncates to a row less.
 */
export function fitView(view: View, width: number, height: number): View {
  if (heightOf(view, width) === height) return view;
  const cy = (view.yMin + view.yMax) / 2;
  const halfX = (view.xMax - view.xMin) / 2;
  for (const rows of [height, height + 0.5]) {
    const half = (halfX * rows) / width;
    const fitted = { ...view, yMin: cy - half, yMax: cy + half };
    if (heightOf(fitted, width) === height) return fitted;
  }
  throw new RangeError(`Expected a region that fits a ${width} x ${height} canvas but received [${view.xMin}, ${view.xMax}] x [${view.yMin}, ${view.yMax}]`);
}

function clampSpan(view: View, zoomed: View): View {
  const span = zoomed.xMax - zoomed.xMin;
  const spanY = zoomed.yMax - zoomed.yMin;
  if (!(span >= MIN_SPAN && span <= MAX_SPAN && spanY >= MIN_SPAN && spanY <= MAX_SPAN)) return view;
  return zoomed;
}

/** Complex coordinates of pixel (u, v) of a `width` x `height` canvas (v from the top, as the grid). */
export function pointAt(view: View, width: number, height: number, u: number, v: number): { re: number; im: number } {
  return {
    re: view.xMin + (u * (view.xMax - view.xMin)) / (width - 1),
    im: view.yMax - (v * (view.yMax - view.yMin)) / (height - 1),
  };
}

/** The view moved so that the content follows a drag of (dx, dy) pixels. */
export function panView(view: View, width: number, height: number, dx: number, dy: number): View {
  const sx = (dx * (view.xMax - view.xMin)) / (width - 1);
  const sy = (dy * (view.yMax - view.yMin)) / (height - 1);
  return fitView({ ...view, xMin: view.xMin - sx, xMax: view.xMax - sx, yMin: view.yMin + sy, yMax: view.yMax + sy }, width, height);
}

/** The view scaled by `factor` (< 1 zooms in) about pixel (u, v), which stays where it is. */
export function zoomView(view: View, width: number, height: number, factor: number, u: number, v: number): View {
  const p = pointAt(view, width, height, u, v);
  const zoomed = {
    ...view,
    xMin: p.re - (p.re - view.xMin) * factor,
    xMax: p.re + (view.xMax - p.re) * factor,
    yMin: p.im - (p.im - view.yMin) * factor,
    yMax: p.im + (view.yMax - p.im) * factor,
  };
  return fitView(clampSpan(view, zoomed), width, height);
}

/** The view that shows the box between pixels (u0, v0) and (u1, v1), widened to the canvas's aspect. */
export function boxView(view: View, width: number, height: number, u0: number, v0: number, u1: number, v1: number): View {
  const a = pointAt(view, width, height, Math.min(u0, u1), Math.min(v0, v1));
  const b = pointAt(view, width, height, Math.max(u0, u1), Math.max(v0, v1));
  const cx = (a.re + b.re) / 2;
  const cy = (a.im + b.im) / 2;
  // The box's larger side relative to the canvas decides the scale, so all of the box stays in view.
  const halfX = Math.max((b.re - a.re) / 2, ((a.im - b.im) / 2) * (width / height));
  const halfY = (halfX * height) / width;
  const boxed = { ...view, xMin: cx - halfX, xMax: cx + halfX, yMin: cy - halfY, yMax: cy + halfY };
  return fitView(clampSpan(view, boxed), width, height);
}

/** The URL query of a view: the CLI's flag letters (x X y Y m M), c as re,im, and the colouring. */
export function viewToQuery(view: View): string {
  const q = new URLSearchParams();
  q.set('c', `${view.c.re},${view.c.im}`);
  q.set('x', String(view.xMin));
  q.set('X', String(view.xMax));
  q.set('y', String(view.yMin));
  q.set('Y', String(view.yMax));
  q.set('m', String(view.itermin));
  q.set('M', String(view.itermax));
  q.set('t', String(view.threshold));
  q.set('map', view.colormap);
  q.set('smooth', view.smooth ? '1' : '0');
  return q.toString();
}

/**
 * The view a URL query describes, defaults for what it leaves out; `problems` lists each value
 * that was there but unusable (it is replaced by the default), so the page can say so.
 */
export function viewFromQuery(query: string): { view: View; problems: string[] } {
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  const view: View = { ...DEFAULT_VIEW, c: { ...DEFAULT_VIEW.c } };
  const number = (key: string, fallback: number, ok: (n: number) => boolean) => {
    const text = q.get(key);
    if (text === null) return fallback;
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n) && ok(n)) return n;
    problems.push(`${key}=${text}`);
    return fallback;
  };
  const c = q.get('c');
  if (c !== null) {
    const parsed = parseComplexText(c);
    if (parsed) view.c = parsed;
    else problems.push(`c=${c}`);
  }
  const region = {
    xMin: number('x', view.xMin, () => true), xMax: number('X', view.xMax, () => true),
    yMin: number('y', view.yMin, () => true), yMax: number('Y', view.yMax, () => true),
  };
  const spanOk = (lo: number, hi: number) => hi - lo >= MIN_SPAN && hi - lo <= MAX_SPAN;
  if (spanOk(region.xMin, region.xMax) && spanOk(region.yMin, region.yMax)) Object.assign(view, region);
  else problems.push('region');
  const itermin = number('m', view.itermin, (n) => Number.isInteger(n) && n >= 0);
  const itermax = number('M', view.itermax, (n) => Number.isInteger(n) && n >= 1 && n <= PAGE_MAX_ITERMAX);
  if (itermin < itermax) Object.assign(view, { itermin, itermax });
  else problems.push(`m=${itermin} not below M=${itermax}`);
  view.threshold = number('t', view.threshold, (n) => n > 0);
  const map = q.get('map');
  if (map !== null) {
    if ((COLORMAPS as readonly string[]).includes(map)) view.colormap = map as ColormapName;
    else problems.push(`map=${map}`);
  }
  const smooth = q.get('smooth');
  if (smooth !== null) {
    if (smooth === '1' || smooth === '0') view.smooth = smooth === '1';
    else problems.push(`smooth=${smooth}`);
  }
  return { view, problems };
}
