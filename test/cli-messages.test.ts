// What the CLI says when something is wrong, command by command: one line, exit 2 for a bad
// command line, and the flag the user typed named, never the library parameter behind it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CliResult, runCliAsync } from './cli-run.js';

/** One line on standard error, `hotloop: ...`, nothing on standard output, the exit status given. */
function oneLine(run: CliResult, status: number, message: RegExp): void {
  assert.equal(run.status, status, run.stderr);
  assert.match(run.stderr, /^hotloop: [^\n]*\n$/, `one line: ${run.stderr}`);
  assert.match(run.stderr, message);
}

describe('results of any length', () => {
  it('reduce prints the seed matrix\'s million results, polymatch 300,000 matches (no call-stack overflow)', async () => {
    const [reduce, polymatch] = await Promise.all([
      runCliAsync(['reduce', '--op', 'argmax']),
      runCliAsync(['polymatch', '--points', '300000', '--limit', '300000']),
    ]);
    assert.equal(reduce.status, 0, reduce.stderr);
    assert.equal(reduce.stdout.split('\n').length, 1_000_000 + 1);
    assert.equal(polymatch.status, 0, polymatch.stderr);
    const lines = polymatch.stdout.split('\n');
    assert.equal(lines.length, 300_000 + 2);
    assert.match(lines[300_000], /^\d+ of 300000 points matched among 1000 polygons/);
  });
});
