// The two entries offer the same API: every value the Node entry (`hotloop`) exports is also
// exported by the browser entry (`hotloop/wasm`), but for the few that need Node, each listed here
// with why; the browser entry adds only its loader. A new export on either side fails this test
// until the other side has it or it is listed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as node from '../src/index.js';
import * as browser from '../src/wasm/browser.js';

/** Exports of `hotloop` that a browser cannot have. */
const NODE_ONLY: Record<string, string> = {
  largeArray: 'huge-page memory from the addon (node:buffer limits)',
  Geofence: 'Redis connections',
  arrowPoints: 'Arrow IPC files',
  readPoints: 'files',
  readPointBatches: 'files',
  openResultSink: 'files',
  formatOf: 'file names',
};
/** Exports of `hotloop/wasm` only: its loader, and the handle of a runtime (tests give it a Node one). */
const BROWSER_ONLY = ['loadWasm', 'handleOver'];

describe('the export lists of hotloop and hotloop/wasm', () => {
  it('are equal but for the listed Node-only exports and the loader', () => {
    const nodeNames = Object.keys(node).sort();
    const browserNames = Object.keys(browser).sort();
    for (const name of Object.keys(NODE_ONLY)) {
      assert.ok(nodeNames.includes(name), `${name} is listed as Node-only but hotloop does not export it`);
      assert.ok(!browserNames.includes(name), `${name} is listed as Node-only but hotloop/wasm exports it`);
    }
    for (const name of BROWSER_ONLY) assert.ok(browserNames.includes(name), `hotloop/wasm does not export ${name}`);
    assert.deepEqual(
      browserNames.filter((name) => !BROWSER_ONLY.includes(name)),
      nodeNames.filter((name) => !Object.hasOwn(NODE_ONLY, name)),
    );
  });

  it('export the same objects for the shared API (one implementation, src/api.ts)', () => {
    for (const name of Object.keys(browser)) {
      if (BROWSER_ONLY.includes(name)) continue;
      const value = (browser as Record<string, unknown>)[name];
      const same = value === (node as Record<string, unknown>)[name];
      // The backend reports are the entry's own; everything else is the shared code.
      const own = ['alloc', 'free', 'backend', 'threads', 'nativeInfo', 'nativeUnavailableReason', 'wasmInfo', 'wasmUnavailableReason'];
      assert.equal(same, !own.includes(name), name);
    }
  });
});

describe("the browser entry's deflate (pako)", () => {
  it('gives zlib streams and band pieces that zlib inflates to the input', async () => {
    const { pakoDeflater } = await import('../src/png/pako-deflate.js');
    const zlib = await import('node:zlib');
    const data = new Uint8Array(300_000).map((_, i) => ((i * 7) % 13) + ((i >> 10) & 3));
    for (const [level, strategy] of [[6, 'default'], [1, 'rle'], [0, 'default']] as const) {
      assert.deepEqual(new Uint8Array(zlib.inflateSync(pakoDeflater.deflate(data, level, strategy))), data, `${level} ${strategy}`);
      const pieces = [
        await pakoDeflater.deflateRawBand(data.subarray(0, 100_000), level, strategy, false),
        await pakoDeflater.deflateRawBand(data.subarray(100_000, 100_001), level, strategy, false),
        await pakoDeflater.deflateRawBand(data.subarray(100_001), level, strategy, true),
      ];
      assert.deepEqual(new Uint8Array(zlib.inflateRawSync(Buffer.concat(pieces))), data, `bands ${level} ${strategy}`);
    }
    assert.equal(pakoDeflater.crc32(new TextEncoder().encode('123456789')), zlib.crc32('123456789'));
  });
});
