// Every example the README and --help state an outcome for is run and compared, so none can drift:
// - a ```ts block with at least one `// -> value` comment runs as a module (imports of 'hotloop'
//   point at src/index.ts); each `expression; // -> value` line checks that the expression equals
//   the value (a JavaScript expression; `Int32Array [1, 0]` also checks the array's type). Text
//   after two spaces is commentary. Blocks without `// ->` are illustrations and are not run.
// - in a ```sh block, a line `$ hotloop ...` runs the CLI from source; the lines after it, up to a
//   blank line or the next `$`, are its exact standard output.
// - each command's --help examples that state an output (src/cli/examples.ts) are run the same way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { cubicExamples } from '../src/cli/cubic.js';
import type { Example } from '../src/cli/examples.js';
import { juliaExamples } from '../src/cli/julia.js';
import { pipExamples } from '../src/cli/pip.js';
import { polymatchExamples } from '../src/cli/polymatch.js';
import { reduceExamples } from '../src/cli/reduce.js';
import { runCliAsync } from './cli-run.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'hotloop-docs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Block {
  lang: string;
  line: number; // of the opening fence, 1-based
  lines: string[];
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    blocks.push({ lang: open[1], line: i + 1, lines: lines.slice(i + 1, end) });
    i = end;
  }
  return blocks;
}

/** Splits a command line as a shell would for the plain cases used in docs: spaces, '...' and "...". */
function shellWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const match of text.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

const CHECK = /^(\s*)(.*?);?\s*\/\/ -> (.*?)(?: {2,}.*)?$/;

/** The block as a module whose `// ->` lines call __check(line, actual, expected). */
function checkedModule(block: Block): string {
  const index = pathToFileURL(path.join(repo, 'src/index.ts')).href;
  const body = block.lines.map((text, i) => {
    const line = block.line + 1 + i;
    const source = text.replace(/from 'hotloop'/, `from '${index}'`);
    const check = CHECK.exec(source);
    if (!check) return source;
    const [, indent, expression, expected] = check;
    const typed = /^(\w+Array) (\[.*\])$/.exec(expected);
    const value = typed ? typed[2] : expected;
    return `${indent}__check(${line}, ${expression}, ${value}, ${JSON.stringify(typed?.[1] ?? null)}, ${JSON.stringify(expected)});`;
  });
  const checker = `
import { isDeepStrictEqual as __same, inspect as __inspect } from 'node:util';
function __plain(v) { return ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v) : Array.isArray(v) ? v.map(__plain) : v; }
function __check(line, actual, expected, type, text) {
  const typeOk = type === null || actual?.constructor?.name === type;
  if (!typeOk || !__same(__plain(actual), __plain(expected))) {
    console.error('README.md:' + line + ': got ' + __inspect(actual, { depth: 4, maxArrayLength: 10 }) + ', the README says ' + text);
    process.exitCode = 1;
  }
}
`;
  // The checker goes last: imports and function declarations are hoisted, and the block's lines keep their places.
  return [...body, checker].join('\n');
}

function runModule(file: string): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stderr })));
}

const blocks = fencedBlocks(readme);
const tsBlocks = blocks.filter((b) => b.lang === 'ts' && b.lines.some((l) => CHECK.test(l)));

interface ShellExample {
  line: number;
  args: string[];
  output: string;
}

function shellExamples(): ShellExample[] {
  const examples: ShellExample[] = [];
  for (const block of blocks.filter((b) => b.lang === 'sh')) {
    block.lines.forEach((text, i) => {
      const command = /^\$ hotloop (.*)$/.exec(text);
      if (!command) return;
      const output: string[] = [];
      for (let j = i + 1; j < block.lines.length && block.lines[j] !== '' && !block.lines[j].startsWith('$ '); j++) output.push(block.lines[j]);
      examples.push({ line: block.line + 1 + i, args: shellWords(command[1]), output: output.map((l) => `${l}\n`).join('') });
    });
  }
  return examples;
}

describe('README examples are true', () => {
  it('finds runnable examples (the conventions are in use)', () => {
    assert.ok(tsBlocks.length >= 3, `${tsBlocks.length} ts blocks with // ->`);
    assert.ok(shellExamples().length >= 3, `${shellExamples().length} $ hotloop lines`);
  });

  it('catches a wrong value, a wrong array type and a throwing line', async () => {
    const block: Block = {
      lang: 'ts',
      line: 1,
      lines: ["import { solveCubic } from 'hotloop';", 'solveCubic(1, -7, 14, -8);  // -> [1, 2, 5]', 'new Int32Array([1]);  // -> Float64Array [1]', 'Math.max(1, 2);  // -> 2  fine'],
    };
    const file = path.join(scratch, 'wrong.mts');
    writeFileSync(file, checkedModule(block));
    const run = await runModule(file);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /README\.md:3: got \[ 1, 2, 4 \], the README says \[1, 2, 5\]/);
    assert.match(run.stderr, /README\.md:4: got Int32Array/);
    assert.doesNotMatch(run.stderr, /README\.md:5/);
  });

  it('every ts block with `// -> value` comments computes those values', async () => {
    const runs = await Promise.all(
      tsBlocks.map(async (block) => {
        const file = path.join(scratch, `readme-${block.line}.mts`);
        writeFileSync(file, checkedModule(block));
        return { block, ...(await runModule(file)) };
      }),
    );
    const failures = runs.filter((run) => run.status !== 0).map((run) => `block at README.md:${run.block.line}:\n${run.stderr}`);
    assert.deepEqual(failures, []);
  });

  it('every `$ hotloop ...` line prints what the README shows', async () => {
    const examples = shellExamples();
    const runs = await Promise.all(examples.map((example) => runCliAsync(example.args)));
    runs.forEach((run, i) => {
      assert.equal(run.status, 0, `README.md:${examples[i].line}: ${run.stderr}`);
      assert.equal(run.stdout, examples[i].output, `README.md:${examples[i].line}: hotloop ${examples[i].args.join(' ')}`);
    });
  });
});

describe('--help examples are true', () => {
  const all: Array<[string, Example[]]> = [
    ['cubic', cubicExamples],
    ['polymatch', polymatchExamples],
    ['reduce', reduceExamples],
    ['pip', pipExamples],
    ['julia', juliaExamples],
  ];

  it('each command shows its examples, and those that state an output print it', async () => {
    const stated = all.flatMap(([, examples]) => examples.filter((e) => e.output !== undefined));
    assert.ok(stated.length >= 3);
    const [helps, runs] = await Promise.all([
      Promise.all(all.map(([name]) => runCliAsync([name, '--help']))),
      Promise.all(stated.map((example) => runCliAsync(shellWords(example.command).slice(1)))),
    ]);
    helps.forEach((help, i) => {
      for (const example of all[i][1]) assert.ok(help.stdout.includes(example.command), `${all[i][0]} --help shows ${example.command}`);
    });
    runs.forEach((run, i) => {
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, stated[i].output, stated[i].command);
    });
  });
});
