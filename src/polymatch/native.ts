// The addon's polymatch functions (native/addon/polymatch.cc), typed; call only after resolveBackend chose native.
import { nativeAddon } from '../backend.js';

interface PolymatchAddon {
  polygonStatsSync(x: Float64Array, y: Float64Array, offsets: Int32Array, centers: Float64Array, areas: Float64Array, threads: number): void;
  closeIndicesSync(centers: Float64Array, px: number, py: number, maxDist: number, out: Int32Array): number;
  matchPointsSync(centers: Float64Array, areas: Float64Array, points: Float64Array, maxDist: number, out: Int32Array, threads: number): void;
  matchPointsAsync(
    centers: Float64Array,
    areas: Float64Array,
    points: Float64Array,
    maxDist: number,
    out: Int32Array,
    threads: number,
    control?: Int32Array,
  ): Promise<void>;
}

export const native = (): PolymatchAddon => nativeAddon() as unknown as PolymatchAddon;
