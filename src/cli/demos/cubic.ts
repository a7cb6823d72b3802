// `hotloop demo` for cubic: the seed's simulation sweep, x0 in (-0.5, -0.495], y0 = 1, a million solves.
import { backend } from '../../backend.js';
import type { DemoReport } from './report.js';
import { cubicYRoot, cubicYRootsSync } from '../../cubic/api.js';

export async function cubicDemo(): Promise<DemoReport> {
  const n = 1_000_000;
  const x0 = new Float64Array(n);
  const y0 = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) x0[i] = -0.5 + (0.005 * (i + 1)) / n;
  const start = performance.now();
  const { roots, count } = cubicYRootsSync(x0, y0);
  const ms = performance.now() - start;
  let three = 0;
  for (let i = 0; i < n; i++) if (count[i] === 3) three++;
  const last = n - 1;
  return {
    title: 'cubic (seed 000): roots of x0*y^3 + 1.5*y - y0 = 0',
    ms,
    lines: [
      `cubicYRoot(-0.5, 1) = [${cubicYRoot(-0.5, 1).join(', ')}]   (the seed's Cardano code returns only [-2])`,
      `${n.toLocaleString('en-US')} solves with x0 in (-0.5, -0.495], y0 = 1 on the ${backend()} backend: ${three.toLocaleString('en-US')} with three real roots`,
      `x0 = ${x0[last]}: [${Array.from(roots.subarray(3 * last, 3 * last + 3)).map((r) => r.toPrecision(12)).join(', ')}]`,
      `${((ms * 1e6) / n).toFixed(1)} ns per solve`,
    ],
  };
}
