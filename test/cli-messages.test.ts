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

// Every check a command makes on its flags, provoked through the CLI: the message names the flag as
// typed (or the positional argument), never the library parameter that the check came from.
const LIBRARY_NAMES = /\bfor (smbhMass|massFinal|a|vKick|spinFinal|xMin|xMax|yMin|yMax|itermin|itermax|resolution|threshold|c|polygons|points|span|maxDist|seed|threads|url)\b|\b(massFinal|vKick|spinFinal) = |with extrapolate\b/;
const REDIS = ['--redis', 'redis://127.0.0.1:1', '--in', 's'];
const CONSUMER = [...REDIS, '--group', 'g', '--out', 'o', '--zones', 'zones.geojson'];
const PUBLISH = ['geofence', 'publish', ...REDIS, '--points', 'points.csv'];
const FLAG_CHECKS: Array<[string[], RegExp]> = [
  [['cubic', '1', 'x', '3', '4'], /^hotloop: b expects a finite number/],
  [['cubic', '--x0', '1'], /give either --x0 and --y0/],
  [['lum', '--mass', '60', '--a', '1e9', '--v', '100'], /\(the aspect ratio table's range; or build it with --extrapolate power-law\|spline\) for --a but received 1000000000/],
  [['lum', '--mass', '60', '--a', '0', '--v', '100'], /for --a but received 0/],
  [['lum', '--mass', '60', '--a', '500', '--v', '100', '--spin', '2'], /for --spin but received 2/],
  [['lum', '--mass', '-1', '--a', '500', '--v', '100'], /^hotloop: --mass expects a positive number but received "-1"/],
  [['lum', '--smbh-mass', '0', '--mass', '60', '--a', '500', '--v', '100'], /^hotloop: --smbh-mass expects a positive number/],
  [['lum', '--mass', '60', '--a', '500', '--v', '0'], /^hotloop: --v expects a positive number/],
  [['lum', '--mass', '60', '--a', '500', '--v', '1e300'], /received --mass = [\d.e+]+ kg, --a = 500 r_g, --v = 1e\+303 m\/s \(an intermediate overflows/],
  [['lum', '--mass', '60', '--v', '100'], /^hotloop: --a is required/],
  [['lum', '--mass', '60', '--a', '500', '--v', '100', '--extrapolate', 'linear'], /^hotloop: --extrapolate expects error, power-law or spline/],
  [['polymatch', '--max-dist', '0'], /for --max-dist but received 0/],
  [['polymatch', '--polygons', '-1'], /^hotloop: --polygons expects an integer/],
  [['polymatch', '--span', '0'], /^hotloop: --span expects an integer/],
  [['polymatch', '--seed', '-1'], /^hotloop: --seed expects an integer/],
  [['polymatch', '--limit', 'x'], /^hotloop: --limit expects an integer/],
  [['reduce', '--op', 'sum'], /^hotloop: --op expects max, min, argmax or argmin/],
  [['reduce', '--axis', '2'], /^hotloop: --axis expects an integer between 0 and 1/],
  [['reduce', '--threads', '0'], /^hotloop: --threads expects an integer/],
  [['pip', '--zones', 'zones.geojson', '--points', 'points.csv', '--boundary', 'edge'], /^hotloop: --boundary expects one of half-open, inside, outside/],
  [['pip', '--zones', 'zones.geojson', '--points', 'points.csv', '--repeat', '0'], /^hotloop: --repeat expects an integer/],
  [['julia', '-R', '2000000', '-o', '-'], /for -R but received 2000000/],
  [['julia', '--threshold', '0', '-o', '-'], /for --threshold but received 0/],
  [['julia', '--smooth', '--threshold', '1', '-o', '-'], /greater than 1 \(smooth colouring\) for --threshold but received 1/],
  [['julia', '-x', '1', '-X', '0', '-o', '-'], /-x 1 must be less than -X 0/],
  [['julia', '-m', '5', '-M', '5', '-o', '-'], /-m \(itermin 5\) must be less than -M/],
  [['julia', '-c', 'nope', '-o', '-'], /^hotloop: -c expects a complex number/],
  [['julia', '--colormap', 'nope', '-o', '-'], /^hotloop: --colormap expects one of/],
  [['julia', '--level', '10', '-o', '-'], /^hotloop: --level expects an integer between 0 and 9/],
  [['julia', '-o', ''], /^hotloop: -o expects a file path/],
  [['explore', '--port', '65536'], /^hotloop: --port expects an integer/],
  [['geofence', ...CONSUMER, '--dwell', '-1'], /^hotloop: --dwell expects milliseconds/],
  [['geofence', ...CONSUMER, '--count', '0'], /^hotloop: --count expects an integer/],
  [['geofence', ...CONSUMER, '--boundary', 'edge'], /^hotloop: --boundary expects one of/],
  [['geofence', '--redis', 'nonsense', '--in', 's', '--group', 'g', '--out', 'o', '--zones', 'zones.geojson'], /for --redis but received "nonsense"/],
  [[...PUBLISH, '--batch', '0'], /^hotloop: --batch expects an integer/],
  [[...PUBLISH, '--partitions', '0'], /^hotloop: --partitions expects an integer/],
  [['worker', '--queue', 'nonsense'], /for --queue but received "nonsense"/],
  [['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '0'], /^hotloop: --concurrency expects an integer/],
  [['demo', '--only', 'nope'], /^hotloop: --only expects some of/],
];

describe('flag values the commands refuse', () => {
  it('are one line naming the flag the user typed, exit 2, in every command', async () => {
    // In small groups: each run is a Node start-up (about a second, more under load).
    for (let i = 0; i < FLAG_CHECKS.length; i += 8) {
      const group = FLAG_CHECKS.slice(i, i + 8);
      const runs = await Promise.all(group.map(([args]) => runCliAsync(args)));
      runs.forEach((run, k) => {
        const [args, message] = group[k];
        oneLine(run, 2, message);
        assert.doesNotMatch(run.stderr, LIBRARY_NAMES, `${args.join(' ')}: ${run.stderr}`);
      });
    }
  });

  it('--extrapolate serves radii outside the demo disk too (it was read only with --disk)', async () => {
    const [inside, power, spline] = await Promise.all([
      runCliAsync(['lum', '--mass', '60', '--a', '1e9', '--v', '100', '--extrapolate', 'error']),
      runCliAsync(['lum', '--mass', '60', '--a', '1e9', '--v', '100', '--extrapolate', 'power-law', '--json']),
      runCliAsync(['lum', '--mass', '60', '--a', '5', '--v', '100', '--extrapolate', 'spline', '--spin', '0.5', '--json']),
    ]);
    oneLine(inside, 2, /for --a but received 1000000000/);
    assert.equal(power.status, 0, power.stderr);
    assert.ok(JSON.parse(power.stdout).shockErgPerS > 0);
    assert.equal(spline.status, 0, spline.stderr);
    assert.ok(JSON.parse(spline.stdout).jetErgPerS > 0);
  });
});
