// `npm run bench -- <name> [...]` runs those workloads; `npm run bench` runs them all, one after another.
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n=== ${name} ===`);
  const module = (await import(new URL(`./${name}.bench.ts`, dir).href)) as { run(): Promise<void> };
  await module.run();
}
