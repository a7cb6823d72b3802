/**
 * Kernels the module runs as several calls (native/wasm/exports.cc): the wasm build has no
 * Parallel that joins its threads between two loops, so a kernel of several passes is one export
 * called once per stage, each stage a call of the pool (the pool's answer is the join). Every call
 * gets the contract's arguments, then the stage number and a scratch block (of the bytes
 * `hl_<name>_scratch` asks for with the same arguments), then the control slots and a fresh job.
 * No Node built-ins: the browser entry uses this file.
 */

/** Whether a stage runs on every thread of the call or on one. */
export type StageThreads = 'all' | 'one';

export const STAGED_KERNELS: ReadonlyMap<string, readonly StageThreads[]> = new Map([
  // The grid's shape; cells and rows (the last thread out sorts them); the gathers; the matching.
  ['matchPoints', ['one', 'all', 'all', 'all']],
  // One stage, for the scratch block of the pieces' partial results (the last thread out merges them).
  ['reduce', ['all']],
]);
