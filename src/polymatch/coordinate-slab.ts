/**
 * Storage for the numbers of many small polygons. A Float64Array of its own per polygon costs an
 * ArrayBuffer with an off-heap backing store that the garbage collector tracks one by one, and a view
 * per polygon is still an object to trace: building 1M polygons spent most of its time in GC. Here a
 * polygon holds a shared slab of SLAB_LENGTH doubles and an offset into it; a large polygon gets an
 * array of its own. A slab lives while any polygon using it does.
 */
const SLAB_LENGTH = 1 << 16;
const OWN_ARRAY_ABOVE = SLAB_LENGTH >> 4;

let slab = new Float64Array(SLAB_LENGTH);
let used = 0;

/** Where a polygon's numbers live: `slab[offset]` to `slab[offset + length - 1]`, zeroed, the caller's alone. */
export interface Place {
  slab: Float64Array;
  offset: number;
}

/** Reserves `length` doubles. */
export function reserve(length: number): Place {
  if (length > OWN_ARRAY_ABOVE) return { slab: new Float64Array(length), offset: 0 };
  if (used + length > SLAB_LENGTH) {
    slab = new Float64Array(SLAB_LENGTH);
    used = 0;
  }
  const offset = used;
  used += length;
  return { slab, offset };
}
