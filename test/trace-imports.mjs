// Preloaded with `--import`: writes every module the process loads (ES modules by URL, CommonJS by
// path), one a line, to the file named by HOTLOOP_TRACE_IMPORTS when the process exits. The tests of
// on-demand loading (test/cli-commands.test.ts) read it.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.HOTLOOP_TRACE_IMPORTS;
if (file) {
  register('./trace-imports-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(file, Object.keys(cache).map((path) => `${path}\n`).join('')));
}
