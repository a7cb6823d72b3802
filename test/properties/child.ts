// One process per module (and vector unit) of the property suite: `node --import tsx
// test/properties/child.ts <module>`, configured by the environment (harness.ts), prints its
// report as one line of JSON on stdout.
import { configFromEnv, runProperties } from './harness.js';
import { propertyModules } from './modules.js';

const name = process.argv[2] ?? '';
const load = propertyModules[name];
if (!load) {
  console.error(`unknown property module '${name}' (known: ${Object.keys(propertyModules).join(', ')})`);
  process.exit(2);
}
const report = await runProperties(name, await load(), configFromEnv());
process.stdout.write(`${JSON.stringify(report)}\n`);
