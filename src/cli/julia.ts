// `hotloop julia`: render a Julia set to PNG with the seed CLI's flags (-x -X -y -Y -m -M -R --fast),
// written through atomic.ts (a temporary file renamed when complete; devices and FIFOs directly).
import path from 'node:path';
import type { Command } from 'commander';
import { backend as activeBackend, resolveThreads } from '../backend.js';
import { COLORMAPS, type ColormapName } from '../julia/colormap.js';
import { parseComplexText } from '../julia/complex-text.js';
import { juliaPng } from '../julia/image-png.js';
import { checkSmoothThreshold } from '../julia/pixels.js';
import { DEFAULTS, type JuliaParameters, resolveParameters } from '../julia/params.js';
import { julia } from '../julia/render.js';
import { openOutput, writeInto } from './atomic.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print } from './output.js';
import { progressBar } from './progress.js';
import { UsageError, checkedAsUsage, parseInteger, parseNumber, parseThreads } from './usage.js';

interface JuliaFlags {
  xMin?: string;
  xMax?: string;
  yMin?: string;
  yMax?: string;
  itermin?: string;
  itermax?: string;
  resolution?: string;
  c?: string;
  threshold?: string;
  output: string;
  colormap?: string;
  smooth?: boolean;
  fast?: boolean;
  level?: string;
  threads?: string;
  json?: boolean;
}

/** `-0.835-0.2321i`, `0.3+0.5i`, `0.5i`, `-0.7` or `-0.835,-0.2321` (the API's `c` takes the same text). */
export function parseComplex(flag: string, text: string): [number, number] {
  const parsed = parseComplexText(text);
  if (!parsed) throw new UsageError(`${flag} expects a complex number like -0.835-0.2321i or -0.835,-0.2321 but received ${JSON.stringify(text)}`);
  return [parsed.re, parsed.im];
}

export const juliaExamples: Example[] = [
  { command: 'hotloop julia', comment: "the seed's 4000x4000 image to julia.png" },
  { command: 'hotloop julia -x=-1.6 -X=1.6 -y=-1 -Y=1 -m 0 -M 80 -R 1000 --colormap magma --smooth -o overview.png', comment: 'the whole set in colour' },
  { command: 'hotloop julia -R 400 -o - | file -', comment: 'the PNG on standard output (the summary goes to standard error)' },
];

// The seed's CLI writes `-x=-0.1`; commander keeps the '=' of a short flag in the value.
const value = (text: string) => (text.startsWith('=') ? text.slice(1) : text);

function parameters(flags: JuliaFlags): JuliaParameters {
  const number = (flag: string, text?: string) => (text === undefined ? undefined : parseNumber(flag, value(text)));
  const integer = (flag: string, text?: string) => (text === undefined ? undefined : parseInteger(flag, value(text), 0, 4294967295));
  const p: JuliaParameters = {
    xMin: number('-x', flags.xMin),
    xMax: number('-X', flags.xMax),
    yMin: number('-y', flags.yMin),
    yMax: number('-Y', flags.yMax),
    itermin: integer('-m', flags.itermin),
    itermax: integer('-M', flags.itermax),
    resolution: integer('-R', flags.resolution),
    threshold: number('--threshold', flags.threshold),
    c: flags.c === undefined ? undefined : parseComplex('-c', value(flags.c)),
  };
  const get = <K extends keyof JuliaParameters>(k: K) => p[k] ?? DEFAULTS[k];
  if (!((get('xMax') as number) > (get('xMin') as number))) throw new UsageError(`empty or inverted region: -x ${get('xMin')} must be less than -X ${get('xMax')}`);
  if (!((get('yMax') as number) > (get('yMin') as number))) throw new UsageError(`empty or inverted region: -y ${get('yMin')} must be less than -Y ${get('yMax')}`);
  if ((get('itermin') as number) >= (get('itermax') as number)) throw new UsageError(`-m (itermin ${get('itermin')}) must be less than -M (itermax ${get('itermax')})`);
  if ((get('resolution') as number) < 2) throw new UsageError(`-R expects a resolution of at least 2 but received ${get('resolution')}`);
  // The library's own checks (an image too large, a threshold of 0, or of 1 with --smooth) are
  // about these flags too: made here, before the render, not after it.
  checkedAsUsage(() => resolveParameters(p), JULIA_FLAGS);
  if (flags.smooth) checkedAsUsage(() => checkSmoothThreshold(get('threshold') as number), JULIA_FLAGS);
  return p;
}

/** The library's parameter names as the julia command's flags, for the messages of its checks. */
const JULIA_FLAGS = { xMin: '-x', xMax: '-X', yMin: '-y', yMax: '-Y', itermin: '-m', itermax: '-M', resolution: '-R', threshold: '--threshold', c: '-c' };

export function registerJulia(program: Command): void {
  program
    .command('julia')
    .description("render the Julia set of z^2 + c to a PNG (defaults: the seed's zoom, c = -0.835-0.2321i, [-0.1, 0.1]^2, 4000 px)")
    .option('-x, --x-min <number>', `left edge of the region (default ${DEFAULTS.xMin})`)
    .option('-X, --x-max <number>', `right edge (default ${DEFAULTS.xMax})`)
    .option('-y, --y-min <number>', `bottom edge (default ${DEFAULTS.yMin})`)
    .option('-Y, --y-max <number>', `top edge (default ${DEFAULTS.yMax})`)
    .option('-m, --itermin <n>', `counts up to this are black (default ${DEFAULTS.itermin})`)
    .option('-M, --itermax <n>', `iteration cap (default ${DEFAULTS.itermax})`)
    .option('-R, --resolution <n>', `pixels along the real axis (default ${DEFAULTS.resolution})`)
    .option('-c, --c <complex>', 'the constant c: -0.835-0.2321i or -0.835,-0.2321')
    .option('--threshold <number>', `escape radius (default ${DEFAULTS.threshold})`)
    .option('-o, --output <path>', 'PNG file to write (- for standard output)', 'julia.png')
    .option('--colormap <name>', `colour instead of grey: ${COLORMAPS.join(', ')}`)
    .option('--smooth', 'continuous colouring (no bands)')
    .option('--fast', 'minimal compression: bigger file, less time')
    .option('--level <0-9>', 'zlib level, standard strategy (default: Up filter + run lengths, as small as level 6, faster)')
    .option('--threads <n>', 'threads for the native kernels (render and PNG)')
    .option('--json', 'print size, timings and output path as JSON')
    .addHelpText('after', examplesHelp(juliaExamples))
    .action(async (flags: JuliaFlags) => {
      const start = performance.now();
      const params = parameters(flags);
      const threads = resolveThreads(parseThreads(flags.threads));
      if (flags.colormap !== undefined && !(COLORMAPS as readonly string[]).includes(flags.colormap)) {
        throw new UsageError(`--colormap expects one of ${COLORMAPS.join(', ')} but received ${JSON.stringify(flags.colormap)}`);
      }
      if (flags.fast && flags.level !== undefined) throw new UsageError('give --fast or --level, not both');
      const level = flags.level === undefined ? undefined : parseInteger('--level', flags.level, 0, 9);
      const toStdout = flags.output === '-';
      if (toStdout && flags.json) throw new UsageError('-o - writes the PNG to standard output: --json cannot share it');
      // Opened before the work, so an unwritable output fails at once (a FIFO waits for its reader here).
      const output = await openOutput(flags.output, '-o');

      const bar = progressBar('julia', !flags.json);
      let image;
      try {
        image = await julia({ ...params, threads, smooth: flags.smooth ?? false, onProgress: (f) => bar.update(f) });
      } finally {
        bar.stop();
      }
      const rendered = performance.now();
      const png = await juliaPng(image, { colormap: flags.colormap as ColormapName | undefined, smooth: flags.smooth, fast: flags.fast, level, threads });
      const encoded = performance.now();
      await writeInto(output, (write) => write(png));
      const done = performance.now();

      const report = {
        output: toStdout ? '-' : path.resolve(flags.output),
        width: image.width,
        height: image.height,
        bytes: png.length,
        backend: activeBackend(),
        threads,
        seconds: { render: (rendered - start) / 1e3, png: (encoded - rendered) / 1e3, write: (done - encoded) / 1e3, total: (done - start) / 1e3 },
        parameters: image.parameters,
      };
      if (flags.json) {
        await print(JSON.stringify(report, null, 2));
      } else {
        const s = report.seconds;
        // With -o - the PNG is on standard output, so the summary goes to standard error.
        const summary =
          `wrote ${flags.output}: ${image.width}x${image.height}, ${(png.length / 1e6).toFixed(2)} MB in ${s.total.toFixed(3)} s ` +
            `(render ${s.render.toFixed(3)} s on ${report.backend}/${threads} threads, png ${s.png.toFixed(3)} s, write ${s.write.toFixed(3)} s)`;
        // With -o - the PNG is on standard output, so the summary goes to standard error.
        if (toStdout) note(summary);
        else await print(summary);
      }
    });
}
