/** The shapes the geofence module reads and emits, shared by the in-process and Redis paths. */

/** A vessel id (MMSI): a string or a finite number. Ids compare as given: 123 and '123' are two ids. */
export type FenceId = string | number;

/**
 * Positions to feed a geofence: four parallel columns. `time` is in milliseconds (any epoch, the
 * same for every position); `lon`/`lat` in degrees.
 */
export interface PositionBatch {
  id: ArrayLike<FenceId>;
  time: Float64Array | number[];
  lon: Float64Array | number[];
  lat: Float64Array | number[];
}

/**
 * An id entered or left a zone. `time`, `lat`, `lon` are those of the position where it happened:
 * for an `enter`, the first position in the zone (also when a dwell time delayed the event); for an
 * `exit`, the first position outside it, or, when a gap expired the state, the last position seen
 * inside (`expired: true`).
 */
export interface GeofenceEvent {
  type: 'enter' | 'exit';
  id: FenceId;
  /** Zone index in the engine's order. */
  zone: number;
  /** The engine's name for that zone. */
  name: string;
  time: number;
  lat: number;
  lon: number;
  /** Present (true) on an exit caused by a gap longer than the `gap` option. */
  expired?: true;
}

/** Rules of the state machine. */
export interface FenceRules {
  /** Milliseconds an id must stay in a zone before its `enter` counts (0: at once). */
  dwell: number;
  /** Milliseconds without a position after which an id's state expires (Infinity: never). */
  gap: number;
}
