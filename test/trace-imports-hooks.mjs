// The module hooks of trace-imports.mjs (they run on Node's loader thread): each ES module loaded is
// appended to the trace file.
import { appendFileSync } from 'node:fs';

let file = '';
export function initialize(data) {
  file = data.file;
}
export async function load(url, context, next) {
  appendFileSync(file, `${url}\n`);
  return next(url, context);
}
