// `hotloop julia`: render a Julia set to PNG with the seed CLI's flags (-x -X -y -Y -m -M -R --fast),
// written atomically: a temp file beside the output, renamed when complete.
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { backend as activeBackend, resolveThreads } from '../backend.js';
import { COLORMAPS, type ColormapName } from '../julia/colormap.js';
import { juliaPng } from '../julia/image-png.js';
import { DEFAULTS, type JuliaParameters } from '../julia/params.js';
import { julia } from '../julia/render.js';
import { progressBar } from './progress.js';
import { removeOnInterrupt, temporaryPath } from './atomic.js';
import { UsageError, parseInteger, parseNumber, parseThreads } from './usage.js';

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

const NUMBER = String.raw`(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const ALGEBRAIC = new RegExp(`^([+-]?${NUMBER})?(?:([+-](?:${NUMBER})?)i)?$`, 'i');
const IMAGINARY = new RegExp(`^([+-]?${NUMBER})i$`, 'i');

/** `-0.835-0.2321i`, `0.3+0.5i`, `0.5i`, `-0.7` or `-0.835,-0.2321`. */
export function parseComplex(flag: string, text: string): [number, number] {
  const compact = text.replace(/\s+/g, '');
  if (compact.includes(',')) {
    const parts = compact.split(',');
    if (parts.length !== 2) throw new UsageError(`${flag} expects re,im or a+bi but received ${JSON.stringify(text)}`);
    return [parseNumber(flag, parts[0]), parseNumber(flag, parts[1])];
  }
  const imaginary = IMAGINARY.exec(compact);
  if (imaginary) return [0, Number(imaginary[1])];
  const match = ALGEBRAIC.exec(compact);
  if (!match || compact === '') throw new UsageError(`${flag} expects a complex number like -0.835-0.2321i or -0.835,-0.2321 but received ${JSON.stringify(text)}`);
  const re = match[1] === undefined ? 0 : Number(match[1]);
  const im = match[2] === undefined ? 0 : match[2] === '+' || match[2] === '-' ? Number(`${match[2]}1`) : Number(match[2]);
  if (!Number.isFinite(re) || !Number.isFinite(im)) throw new UsageError(`${flag} expects finite parts but received ${JSON.stringify(text)}`);
  return [re, im];
}

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
  return p;
}

/** Fails before any work when the output cannot be written: a missing or read-only directory, a directory as output. */
function checkWritable(output: string): void {
  const dir = path.dirname(path.resolve(output));
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`cannot write ${output}: directory ${dir} does not exist or is not writable`);
  }
  try {
    if (statSync(output).isDirectory()) throw new Error(`cannot write ${output}: it is a directory`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Writes the whole file under a temporary name, then renames it: readers never see a partial PNG. */
function writeAtomically(output: string, bytes: Uint8Array): void {
  const temp = temporaryPath(output);
  const release = removeOnInterrupt(temp);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, output);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new Error(`cannot write ${output}: ${(error as Error).message}`);
  } finally {
    release();
  }
}

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
    .addHelpText('after', "\nExamples:\n  hotloop julia                                  # the seed's 4000x4000 image to julia.png\n  hotloop julia -x=-1.6 -X=1.6 -y=-1 -Y=1 -m 0 -M 80 -R 1000 --colormap magma --smooth -o overview.png")
    .action(async (flags: JuliaFlags) => {
      const start = performance.now();
      const params = parameters(flags);
      const threads = resolveThreads(parseThreads(flags.threads));
      if (flags.colormap !== undefined && !(COLORMAPS as readonly string[]).includes(flags.colormap)) {
        throw new UsageError(`--colormap expects one of ${COLORMAPS.join(', ')} but received ${JSON.stringify(flags.colormap)}`);
      }
      if (flags.fast && flags.level !== undefined) throw new UsageError('give --fast or --level, not both');
      const level = flags.level === undefined ? undefined : parseInteger('--level', flags.level, 0, 9);
      if (flags.output === '') throw new UsageError('-o expects a file path, or - for standard output, but received ""');
      const toStdout = flags.output === '-';
      if (toStdout && flags.json) throw new UsageError('-o - writes the PNG to standard output: --json cannot share it');
      if (!toStdout) checkWritable(flags.output);

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
      if (toStdout) {
        await new Promise<void>((resolve, reject) => process.stdout.write(png, (error) => (error ? reject(error) : resolve())));
      } else {
        writeAtomically(flags.output, png);
      }
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
        console.log(JSON.stringify(report, null, 2));
      } else {
        const s = report.seconds;
        // With -o - the PNG is on standard output, so the summary goes to standard error.
        (toStdout ? console.error : console.log)(
          `wrote ${flags.output}: ${image.width}x${image.height}, ${(png.length / 1e6).toFixed(2)} MB in ${s.total.toFixed(3)} s ` +
            `(render ${s.render.toFixed(3)} s on ${report.backend}/${threads} threads, png ${s.png.toFixed(3)} s, write ${s.write.toFixed(3)} s)`,
        );
      }
    });
}
