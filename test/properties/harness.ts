/**
 * What a property module declares and how the child process (child.ts) runs it: each property is
 * an arbitrary and a check that throws on a counterexample; fast-check draws the inputs from one
 * seed, shrinks a failure, and the run is reported as JSON. A crash of the process leaves no JSON:
 * properties.test.ts then replays the same seed with HOTLOOP_PROPERTY_TRACE=1, which prints every
 * input to stderr (synchronously) before it runs, so the last one printed is the crash's input.
 */
import { writeSync } from 'node:fs';
import fc from 'fast-check';

export interface Property<T> {
  /** Unique within its module; HOTLOOP_PROPERTY_ONLY selects properties by a part of `module: name`. */
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws (an assertion) when `value` is a counterexample. */
  check: (value: T) => void | Promise<void>;
  /** Runs at HOTLOOP_PROPERTY_RUNS=1 (default 1): how many inputs this property gets in `npm test`. */
  runs: number;
}

/** Builds a property with its types inferred from the arbitrary. */
export function property<T>(name: string, runs: number, arbitrary: fc.Arbitrary<T>, check: (value: T) => void | Promise<void>): Property<unknown> {
  return { name, runs, arbitrary, check } as Property<unknown>;
}

export interface Failure {
  property: string;
  seed: number;
  /** fast-check's replay path: with the seed, HOTLOOP_PROPERTY_PATH replays the shrunk counterexample alone. */
  path: string;
  counterexample: string;
  error: string;
}

export interface Report {
  module: string;
  seed: number;
  properties: number;
  runs: number;
  failures: Failure[];
}

export interface RunConfig {
  seed: number;
  /** Multiplies every property's runs (HOTLOOP_PROPERTY_RUNS). */
  scale: number;
  only?: string;
  path?: string;
  trace: boolean;
}

/** Reads the run's configuration from the environment the parent set. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RunConfig {
  const seed = Number(env.HOTLOOP_PROPERTY_SEED);
  if (!Number.isSafeInteger(seed)) throw new Error(`HOTLOOP_PROPERTY_SEED must be an integer, got ${env.HOTLOOP_PROPERTY_SEED}`);
  const scale = env.HOTLOOP_PROPERTY_RUNS === undefined || env.HOTLOOP_PROPERTY_RUNS === '' ? 1 : Number(env.HOTLOOP_PROPERTY_RUNS);
  if (!(scale > 0)) throw new Error(`HOTLOOP_PROPERTY_RUNS must be a positive number, got ${env.HOTLOOP_PROPERTY_RUNS}`);
  return { seed, scale, only: env.HOTLOOP_PROPERTY_ONLY || undefined, path: env.HOTLOOP_PROPERTY_PATH || undefined, trace: env.HOTLOOP_PROPERTY_TRACE === '1' };
}

function message(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 4000);
  return String(error).slice(0, 4000);
}

/** Runs every selected property of a module; never throws for a failing property, only reports it. */
export async function runProperties(module: string, properties: Property<unknown>[], config: RunConfig): Promise<Report> {
  const report: Report = { module, seed: config.seed, properties: 0, runs: 0, failures: [] };
  for (const p of properties) {
    const label = `${module}: ${p.name}`;
    if (config.only && !label.includes(config.only)) continue;
    const numRuns = Math.max(1, Math.round(p.runs * config.scale));
    if (config.trace) writeSync(2, `property ${label}\n`);
    const check = config.trace
      ? async (value: unknown) => {
          writeSync(2, `input ${fc.stringify(value)}\n`);
          await p.check(value);
        }
      : p.check;
    const details = await fc.check(fc.asyncProperty(p.arbitrary, async (value) => { await check(value); }), {
      seed: config.seed,
      numRuns,
      ...(config.path ? { path: config.path } : {}),
    });
    report.properties++;
    report.runs += details.numRuns;
    if (details.failed) {
      report.failures.push({
        property: label,
        seed: details.seed,
        path: details.counterexamplePath ?? '',
        counterexample: details.counterexample ? fc.stringify(details.counterexample[0]).slice(0, 4000) : '(none)',
        error: message(details.errorInstance),
      });
    }
  }
  return report;
}
