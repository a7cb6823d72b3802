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

describe("commander's errors", () => {
  it('are one line naming the flag or command and the help to read, exit 2, for every kind', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['julia', '--bogus'], /^hotloop: unknown option '--bogus' \(see hotloop julia --help\)\n$/],
      [['julia', '--outptu', 'x.png'], /^hotloop: unknown option '--outptu'; did you mean --output\? \(see hotloop julia --help\)\n$/],
      [['lum', '--mass'], /^hotloop: option '--mass <msun>' argument missing \(see hotloop lum --help\)\n$/],
      [['juila'], /^hotloop: unknown command 'juila'; did you mean julia\? \(see hotloop --help\)\n$/],
      [['julia', 'extra'], /^hotloop: too many arguments for 'julia'.* \(see hotloop julia --help\)\n$/],
      [['pip', '--points', 'p.csv'], /^hotloop: required option '--zones <files\.\.\.>' not specified \(see hotloop pip --help\)\n$/],
      [['geofence', 'publish', '--in', 's', '--points', 'p.csv'], /^hotloop: required option '--redis <url>' not specified \(see hotloop geofence publish --help\)\n$/],
      [['--nope'], /^hotloop: unknown option '--nope' \(see hotloop --help\)\n$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCliAsync(args)));
    runs.forEach((run, i) => {
      assert.equal(run.stdout, '', cases[i][0].join(' '));
      oneLine(run, 2, cases[i][1]);
    });
  });
});
