// Where the CLI's output goes, as a Unix tool's should: atomic files that respect devices, FIFOs,
// symlinks and modes; a full disk or a closed pipe on standard output, for every command.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { type CliResult, runCliAsync } from './cli-run.js';
import { npyBytes } from './npy-fixture.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-cli-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const zone = path.join(dir, 'square.geojson');
writeFileSync(zone, JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] }));
const points = path.join(dir, 'points.csv');
writeFileSync(points, 'lat,lon\n5,5\n20,20\n1,2\n');
const npy = path.join(dir, 'm.npy');
writeFileSync(npy, npyBytes('<i2', [2, 2], new Int16Array([1, 5, 7, 2])));

function oneLine(run: CliResult, message: RegExp): void {
  assert.match(run.stderr, /^hotloop: [^\n]*\n$/, `one line on stderr: ${run.stderr}`);
  assert.match(run.stderr, message);
}

const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('hotloop output files (atomic.ts)', () => {
  it('writes /dev/full directly: the device stays a device, ENOSPC is exit 1 with one line', async () => {
    const [julia, pip] = await Promise.all([
      runCliAsync(['julia', '-R', '20', '-o', '/dev/full']),
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', '/dev/full']),
    ]);
    for (const run of [julia, pip]) {
      assert.equal(run.status, 1, run.stderr);
      oneLine(run, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/);
    }
    assert.ok(statSync('/dev/full').isCharacterDevice(), '/dev/full is still a character device');
  });

  it('writes into a FIFO (its reader gets the PNG) and leaves the FIFO a FIFO', async () => {
    const fifo = path.join(dir, 'png.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const [run, bytes] = await Promise.all([runCliAsync(['julia', '-R', '30', '-o', fifo]), readFile(fifo)]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE);
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
  });

  it('follows a symlink to the file it names (the link stays a link), a dangling one too', async () => {
    const real = path.join(dir, 'real');
    mkdirSync(real);
    writeFileSync(path.join(real, 'old.png'), 'old');
    symlinkSync(path.join('real', 'old.png'), path.join(dir, 'link.png'));
    symlinkSync(path.join('real', 'new.csv'), path.join(dir, 'dangling.csv'));
    const [julia, pip] = await Promise.all([
      runCliAsync(['julia', '-R', '30', '-o', path.join(dir, 'link.png')]),
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', path.join(dir, 'dangling.csv')]),
    ]);
    assert.equal(julia.status, 0, julia.stderr);
    assert.equal(pip.status, 0, pip.stderr);
    assert.ok(lstatSync(path.join(dir, 'link.png')).isSymbolicLink());
    assert.equal(readlinkSync(path.join(dir, 'link.png')), path.join('real', 'old.png'));
    assert.deepEqual([...readFileSync(path.join(real, 'old.png')).subarray(0, 8)], PNG_SIGNATURE);
    assert.ok(lstatSync(path.join(dir, 'dangling.csv')).isSymbolicLink());
    assert.equal(readFileSync(path.join(real, 'new.csv'), 'utf8'), 'lat,lon,zone\n5,5,0\n20,20,-1\n1,2,0\n');
    assert.deepEqual(leftovers(real), []);
  });

  it("keeps an existing file's mode (0600 stays 0600, 0640 stays 0640)", async () => {
    const secret = path.join(dir, 'secret.csv');
    const shared = path.join(dir, 'shared.png');
    writeFileSync(secret, 'old');
    chmodSync(secret, 0o600);
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o640);
    const [pip, julia] = await Promise.all([
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', secret]),
      runCliAsync(['julia', '-R', '20', '-o', shared]),
    ]);
    assert.equal(pip.status, 0, pip.stderr);
    assert.equal(julia.status, 0, julia.stderr);
    assert.equal(statSync(secret).mode & 0o777, 0o600);
    assert.equal(statSync(shared).mode & 0o777, 0o640);
    assert.match(readFileSync(secret, 'utf8'), /^lat,lon,zone\n/);
    assert.deepEqual(leftovers(dir), []);
  });

  it('on SIGTERM or Ctrl-C mid-run: removes its temporary file, keeps the old output, ends by that signal', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const folder = mkdtempSync(path.join(dir, `${signal}-`));
      const out = path.join(folder, 'slow.png');
      writeFileSync(out, 'old');
      // c = -0.5 has an attracting fixed point, so every pixel of the region is inside the set and
      // iterates 10^6 times: tens of seconds of work, so the signal lands mid-render. (The seed's
      // c left every pixel escaping within 210 steps: the render ended in milliseconds, between
      // two looks for the temporary file, and the loop below waited for ever.)
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'julia', '-R', '400', '-m', '0', '-M', '1000000', '--c=-0.5,0', '-o', out], {
        cwd: new URL('..', import.meta.url),
        stdio: 'ignore',
      });
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, how) => resolve(how)));
      while (leftovers(folder).length === 0) {
        if (child.exitCode !== null || child.signalCode !== null) assert.fail('the render ended before its temporary file was seen');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill(signal);
      assert.equal(await ended, signal);
      assert.deepEqual(readdirSync(folder), ['slow.png'], 'no temporary file left');
      assert.equal(readFileSync(out, 'utf8'), 'old');
    }
  });

  it('names the file in every output error: a directory, a missing folder, an empty path (usage)', async () => {
    const [pipDir, juliaDir, missing, empty] = await Promise.all([
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', dir]),
      runCliAsync(['julia', '-R', '20', '-o', dir]),
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', path.join(dir, 'no', 'such', 'out.csv')]),
      runCliAsync(['pip', '--zones', zone, '--points', points, '--out', '']),
    ]);
    for (const run of [pipDir, juliaDir]) {
      assert.equal(run.status, 1, run.stderr);
      oneLine(run, new RegExp(`cannot write ${dir}: it is a directory`));
    }
    assert.equal(missing.status, 1);
    oneLine(missing, /cannot write .*out\.csv: directory .*such does not exist/);
    assert.equal(empty.status, 2);
    oneLine(empty, /--out expects a file path, or - for standard output/);
    assert.equal(empty.stdout, '', 'nothing written to standard output');
  });
});

describe('hotloop standard output', () => {
  it('to /dev/full: every command exits 1 with one clear line', async () => {
    const commands: string[][] = [
      ['cubic', '1', '-6', '11', '-6'],
      ['polymatch', '--points', '5'],
      ['reduce', npy],
      ['pip', '--zones', zone, '--points', points],
      ['pip', '--zones', zone, '--points', points, '--counts'],
      ['julia', '-R', '20', '-o', '-'],
      ['info'],
      ['demo', '--only', 'cubic'],
      ['--help'],
    ];
    const full = openSync('/dev/full', 'w');
    try {
      const runs = await Promise.all(commands.map((args) => runCliAsync(args, { stdout: full })));
      runs.forEach((run, i) => {
        assert.equal(run.status, 1, `${commands[i].join(' ')}: ${run.stderr}`);
        const lines = run.stderr.split('\n').filter((line) => line.startsWith('hotloop: '));
        assert.deepEqual(lines, ['hotloop: cannot write to standard output: no space left on device (ENOSPC)'], commands[i].join(' '));
        assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      });
    } finally {
      closeSync(full);
    }
  });

  it('to a reader that goes away (| head): ends silently by SIGPIPE, as coreutils do', async () => {
    // The reader takes one chunk, then closes its end, as `head -c 10` does.
    const closeEarly = (stream: NodeJS.ReadableStream) => stream.once('data', () => (stream as unknown as { destroy(): void }).destroy());
    const big = path.join(dir, 'many.csv');
    writeFileSync(big, `lat,lon\n${'5,5\n'.repeat(1000)}`);
    const runs = await Promise.all([
      runCliAsync(['julia', '-R', '1500', '-o', '-'], { onStdout: closeEarly }),
      runCliAsync(['pip', '--zones', zone, '--points', big, '--repeat', '200'], { onStdout: closeEarly }),
    ]);
    for (const run of runs) {
      assert.equal(run.signal, 'SIGPIPE', `ended by SIGPIPE (status ${run.status}): ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /hotloop:|EPIPE|at /, 'nothing said about it');
    }
    // What a shell user sees: head's status, and 141 (128 + SIGPIPE) under pipefail.
    const shell = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' --import tsx src/cli/main.ts julia -R 1500 -o - | head -c 10 > /dev/null; echo "$?"`], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    assert.equal(shell.stdout.trim(), '141');
    assert.equal(shell.stderr.replace(/^wrote .*\n/m, ''), '');
  });
});
