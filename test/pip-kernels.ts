/**
 * Runs the pip kernels on zones packed directly, without the GeoJSON parser and its lon/lat range
 * check, so the whole double range can be tested on every backend: js through the reference
 * kernel, native through the addon's bindings (this is the one test file that names them).
 */
import type { Addon } from '../src/addon.js';
import { nativeAddon } from '../src/backend.js';
import type { ParsedZone } from '../src/pip/geojson.js';
import { packZones } from '../src/pip/pack.js';
import type { PackedZones } from '../src/pip/packed.js';
import { type BoundaryCode, countRange, matchCountRange, matchFillRange, pipRange } from '../src/pip/reference.js';
import type { BackendCase } from './backends.js';

/** A polygon as GeoJSON-like rings of [x, y] positions, each ring closed. */
export type Rings = number[][][];

/** Zones of one polygon each, packed as the Engine packs them. */
export function packPolygons(polygons: Rings[]): PackedZones {
  const zones: ParsedZone[] = polygons.map((rings, z) => ({ name: `zone ${z}`, polygons: [rings.map((ring) => Float64Array.from(ring.flat()))] }));
  return packZones(zones);
}

export interface KernelAnswers {
  /** The first zone of each point (locate). */
  first: Int32Array;
  /** Every zone of each point (pipAll). */
  all: number[][];
  /** Points per first zone, then points in none (count). */
  tally: number[];
}

/** The pip bindings, typed by the contract (src/addon.ts). */
export const pipBindings = (): Pick<Addon, 'pipSync' | 'pipMatchCountSync' | 'pipMatchFillSync' | 'pipCountSync'> => nativeAddon();

/** The first match, every match and the tally of each point, from one backend's kernels. */
export function runKernels(options: BackendCase['options'], z: PackedZones, lon: Float64Array, lat: Float64Array, mode: BoundaryCode): KernelAnswers {
  const n = lat.length;
  const first = new Int32Array(n);
  const counts = new Int32Array(n);
  const slots = new Float64Array(z.zoneCount + 1);
  const native = options.backend === 'native' ? pipBindings() : undefined;
  if (native) native.pipSync(z, lat, lon, first, mode, options.threads);
  else pipRange(z, lat, lon, first, mode, 0, n);
  if (native) native.pipMatchCountSync(z, lat, lon, counts, mode, options.threads);
  else matchCountRange(z, lat, lon, counts, mode, 0, n);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + counts[i];
  const zones = new Int32Array(offsets[n]);
  if (native) native.pipMatchFillSync(z, lat, lon, offsets, zones, counts, mode, options.threads);
  else matchFillRange(z, lat, lon, offsets, zones, counts, mode, 0, n);
  if (native) native.pipCountSync(z, lat, lon, slots, mode, options.threads);
  else countRange(z, lat, lon, slots, mode, 0, n);
  const all = Array.from({ length: n }, (_, i) => Array.from(zones.subarray(offsets[i], offsets[i + 1])));
  return { first, all, tally: Array.from(slots) };
}
