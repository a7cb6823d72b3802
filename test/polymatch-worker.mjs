// Run by test/polymatch.test.ts in a worker_thread: the addon must load and match there too.
// Loader hooks do not reach workers, so this plain module registers tsx itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { generateExample, matchPointsSync } = await import('../src/index.ts');
const { polygons, points } = generateExample();
parentPort.postMessage(Array.from(matchPointsSync(polygons, points, { threads: 2 })));
