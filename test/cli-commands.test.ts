// The CLI loads a command's modules only when its command is run (src/cli/commands.ts): the table's
// names must be the commands the modules register, and each command line must get what it needs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMANDS, commandsFor } from '../src/cli/commands.js';
import { hotloopCommand, runCli } from './cli-run.js';
import { fileURLToPath } from 'node:url';

const NAMES = COMMANDS.map(([name]) => name);
const loaderOf = (name: string) => COMMANDS.find(([n]) => n === name)![1];

describe('the CLI command table', () => {
  it('names each module by the one command it registers, in the order of the table', async () => {
    for (const [name, load] of COMMANDS) {
      const program = new Command('hotloop');
      (await load())(program);
      assert.deepEqual(program.commands.map((c) => c.name()), [name]);
    }
  });

  it('a command line naming a command loads that command only, wherever the program flags stand', () => {
    for (const name of NAMES) {
      assert.deepEqual(commandsFor([name, '--help']), [loaderOf(name)]);
      assert.deepEqual(commandsFor(['--debug', name, '-o', 'x']), [loaderOf(name)]);
    }
    // An operand that happens to be another command's name is not the command.
    assert.deepEqual(commandsFor(['julia', 'pip']), [loaderOf('julia')]);
  });

  it('--version alone loads none; help, no command, `help <name>` and a mistyped command load all', () => {
    assert.deepEqual(commandsFor(['--version']), []);
    assert.deepEqual(commandsFor(['-V', '--debug']), []);
    const all = COMMANDS.map(([, load]) => load);
    for (const args of [[], ['--help'], ['-h'], ['--version', '--help'], ['help', 'julia'], ['juila'], ['--nope']]) {
      assert.deepEqual(commandsFor(args), all, args.join(' '));
    }
  });
});

describe('the CLI with commands loaded on demand', () => {
  it('--help lists every command of the table, in its order', () => {
    const result = runCli(['--help']);
    assert.equal(result.status, 0, result.stderr);
    const listed = [...result.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]).filter((name) => name !== 'help');
    assert.deepEqual(listed, NAMES);
  });

  it("--version prints the version alone; a mistyped command is one line with commander's suggestion, exit 2", () => {
    const version = runCli(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const typo = runCli(['juila']);
    assert.equal(typo.status, 2);
    assert.equal(typo.stdout, '');
    assert.equal(typo.stderr, "hotloop: unknown command 'juila'; did you mean julia? (see hotloop --help)\n");
  });
});

// cli-progress is loaded only when a bar is drawn (src/cli/progress.ts): util-linux `script` gives the
// CLI a terminal, so the bar is drawn and the lazily loaded module has to be found and work.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('the progress bar', { skip: hasScript ? false : 'util-linux script not found (it gives the CLI a terminal)' }, () => {
  it('is drawn on a terminal, and the PNG is written', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-bar-'));
    try {
      const png = path.join(dir, 'bar.png');
      const run = spawnSync('script', ['-qec', `${hotloopCommand} julia -R 64 -o '${png}'`, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /julia \[.*\] 100%/);
      assert.match(run.stdout, /wrote .*bar\.png: 64x64/);
      assert.equal(readFileSync(png).subarray(1, 4).toString('latin1'), 'PNG');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// What a process loaded, traced by test/trace-imports.mjs: ES module URLs and CommonJS paths.
const repo = fileURLToPath(new URL('..', import.meta.url));
function loaded(args: string[]): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-trace-'));
  try {
    const trace = path.join(dir, 'trace.txt');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/trace-imports.mjs', ...args], {
      cwd: repo, encoding: 'utf8', env: { ...process.env, HOTLOOP_TRACE_IMPORTS: trace }, timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const commandModules = (files: string[]) => NAMES.filter((name) => files.some((f) => f.endsWith(`/src/cli/${name}.ts`)));
const packages = (files: string[]) => [...new Set(files.flatMap((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []))].filter((p) => !/^(tsx|esbuild|get-tsconfig|resolve-pkg-maps)$/.test(p));
// The optional and CLI-only dependencies: a library import must not pay for any of them.
const HEAVY = ['apache-arrow', 'bullmq', 'cli-progress', 'commander', 'hyparquet', 'hyparquet-compressors', 'hyparquet-writer', 'ioredis', 'pako'];

describe('what loads', () => {
  it('hotloop --version: no command module, not the backend (so not the addon), commander only', () => {
    const files = loaded(['src/cli/main.ts', '--version']);
    assert.deepEqual(commandModules(files), []);
    assert.ok(!files.some((f) => f.endsWith('/src/backend.ts') || f.endsWith('.node')), files.join('\n'));
    assert.deepEqual(packages(files), ['commander']);
  });

  it('hotloop julia into a file: the julia command alone, no progress bar module (not a terminal), no optional dependency', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-trace-png-'));
    try {
      const files = loaded(['src/cli/main.ts', 'julia', '-R', '16', '-o', path.join(dir, 'j.png')]);
      assert.deepEqual(commandModules(files), ['julia']);
      assert.deepEqual(packages(files), ['commander']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("import('hotloop') loads no CLI module and none of the optional dependencies", () => {
    const files = loaded(['--input-type=module', '-e', "await import('./src/index.ts')"]);
    assert.ok(files.some((f) => f.endsWith('/src/geofence/api.ts')), 'the trace holds the library');
    assert.ok(!files.some((f) => f.includes('/src/cli/')), files.filter((f) => f.includes('/src/cli/')).join('\n'));
    assert.deepEqual(packages(files).filter((p) => HEAVY.includes(p)), []);
  });
});
