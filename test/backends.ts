/**
 * The table of implementations every test runs against: the TypeScript reference, and, when the
 * addon is built, native on one thread and on several (results must not depend on the count).
 */
import { backend, nativeUnavailableReason } from '../src/backend.js';
import type { BackendOptions } from '../src/backend.js';

export interface BackendCase {
  name: string;
  options: Required<Pick<BackendOptions, 'backend' | 'threads'>>;
}

export const nativeAvailable = backend() === 'native';

export const backends: BackendCase[] = [
  { name: 'js', options: { backend: 'js', threads: 1 } },
  ...(nativeAvailable
    ? [
        { name: 'native/1 thread', options: { backend: 'native', threads: 1 } } as BackendCase,
        { name: 'native/4 threads', options: { backend: 'native', threads: 4 } } as BackendCase,
      ]
    : []),
];

if (!nativeAvailable) {
  console.log(`# native cases skipped: ${nativeUnavailableReason()}`);
}

/** Where the seed's shared data lives, when this checkout sits beside ../shared (CI does). */
export const sharedDataDir = new URL('../../shared/data/', import.meta.url);

export { seededRandom } from '../src/random.js';

/** True when two float arrays hold the same bits (NaN equal to NaN, 0 distinct from -0). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  }
  return true;
}
