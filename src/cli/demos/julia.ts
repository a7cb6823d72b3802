// `hotloop demo` for julia: the seed's image (4000x4000, c = -0.835-0.2321i, [-0.1, 0.1]^2, 20..100
// iterations) as a grey PNG in the OS temp dir; at R = 1000 on the TypeScript backend, which would
// take several seconds at full size.
import os from 'node:os';
import path from 'node:path';
import { backend } from '../../backend.js';
import type { DemoReport } from './report.js';
import { juliaPng } from '../../julia/image-png.js';
import { julia } from '../../julia/render.js';
import { openOutput, writeInto } from '../atomic.js';

export async function juliaDemo(): Promise<DemoReport> {
  const resolution = backend() === 'native' ? 4000 : 1000;
  const start = performance.now();
  const image = await julia({ resolution });
  const ms = performance.now() - start;
  const png = await juliaPng(image);
  const file = path.join(os.tmpdir(), 'hotloop-julia-demo.png');
  await writeInto(await openOutput(file, 'the demo image'), (write) => write(png));
  let inside = 0;
  for (const count of image.counts) if (count === image.parameters.itermax) inside++;
  return {
    title: "julia (seed 004): the seed's Julia set, z^2 - 0.835 - 0.2321i over [-0.1, 0.1]^2",
    ms,
    lines: [
      `${image.width}x${image.height} escape counts on the ${backend()} backend in ${ms.toFixed(0)} ms (${((image.counts.length / ms) * 1e3 / 1e6).toFixed(1)} Mpixel/s)`,
      `${((100 * inside) / image.counts.length).toFixed(1)}% of pixels never escape within ${image.parameters.itermax} iterations`,
      `wrote ${file} (${(png.length / 1e6).toFixed(2)} MB grey PNG; \`hotloop julia${resolution === 4000 ? '' : ` -R ${resolution}`}\` writes the same image)`,
    ],
  };
}
