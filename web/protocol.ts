/** Messages between the page and its julia workers (web/julia-worker.ts). */

/** A new image: the grid and constants every band of it uses. Sent to each worker before its bands. */
export interface SetupMessage {
  kind: 'setup';
  job: number;
  xs: Float64Array;
  ys: Float64Array;
  cr: number;
  ci: number;
  t2: number;
  itermax: number;
  smooth: boolean;
}

/** Rows [begin, end) of the image of `job`. */
export interface RowsMessage {
  kind: 'rows';
  job: number;
  begin: number;
  end: number;
}

export type ToWorker = SetupMessage | RowsMessage;

/** A computed band: its counts (and norms when smooth) and the iterations it took. */
export interface BandMessage {
  job: number;
  begin: number;
  end: number;
  counts: Uint16Array | Uint32Array;
  norms?: Float64Array;
  iterations: number;
}
