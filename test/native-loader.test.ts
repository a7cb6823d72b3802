// Where the addon is looked for and in which order, what is said when a candidate is broken, the
// install report, and the portability check of Linux binaries (scripts/check-portable.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { wasmUnavailableReason } from '../src/backend.js';
import { incompleteElf } from '../src/elf-check.js';
import { readInstallReport } from '../src/install-report.js';
import {
  describeSkipped, hostTarget, loadNative, nativeCandidates, noAddonReason, prebuildFiles, targetTag,
} from '../src/native-loader.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('prebuild names', () => {
  const root = '/pkg';
  it('follow prebuildify: platform-arch folder, napi and libc tags', () => {
    assert.deepEqual(prebuildFiles(root, { platform: 'linux', arch: 'x64', libc: 'glibc' }), ['/pkg/prebuilds/linux-x64/hotloop.napi.glibc.node']);
    assert.deepEqual(prebuildFiles(root, { platform: 'linux', arch: 'arm64', libc: 'musl' }), ['/pkg/prebuilds/linux-arm64/hotloop.napi.musl.node']);
    assert.deepEqual(prebuildFiles(root, { platform: 'win32', arch: 'x64' }), ['/pkg/prebuilds/win32-x64/hotloop.napi.node']);
  });

  it('on macOS, a universal binary serves both architectures after the per-arch one', () => {
    assert.deepEqual(prebuildFiles(root, { platform: 'darwin', arch: 'arm64' }), [
      '/pkg/prebuilds/darwin-arm64/hotloop.napi.node',
      '/pkg/prebuilds/darwin-x64+arm64/hotloop.napi.node',
    ]);
  });

  it('tags targets as the README lists them', () => {
    assert.equal(targetTag({ platform: 'linux', arch: 'arm64', libc: 'musl' }), 'linux-arm64-musl');
    assert.equal(targetTag({ platform: 'darwin', arch: 'x64' }), 'darwin-x64');
  });

  it('detects this process: platform, arch and, on Linux, the C library Node itself reports', () => {
    const target = hostTarget();
    assert.equal(target.platform, process.platform);
    assert.equal(target.arch, process.arch);
    if (process.platform === 'linux') {
      const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
      assert.equal(target.libc, glibc ? 'glibc' : 'musl');
    } else {
      assert.equal(target.libc, undefined);
    }
  });

  it('tries the local build first, then the prebuilds', () => {
    assert.deepEqual(nativeCandidates(root, { platform: 'linux', arch: 'x64', libc: 'glibc' }).map((c) => c.source), ['local build', 'prebuild']);
  });
});

describe('loadNative', () => {
  const target = { platform: 'linux', arch: 'x64', libc: 'glibc' as const };
  const root = mkdtempSync(path.join(os.tmpdir(), 'hotloop-loader-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const local = path.join(root, 'build', 'Release', 'hotloop.node');
  const prebuild = path.join(root, 'prebuilds', 'linux-x64', 'hotloop.napi.glibc.node');
  const place = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'x');
  };
  // Stands in for require(): files named in `broken` throw as a truncated .node does.
  const loader = (broken: string[]) => (file: string) => {
    if (broken.includes(file)) throw new Error(`${file}: file too short\n    at Module._extensions..node`);
    return { file };
  };

  it('with no candidate on disk, loads nothing and says there was none for this target', () => {
    const result = loadNative(root, target, loader([]));
    assert.equal(result.addon, null);
    assert.deepEqual(result.failures, []);
    assert.match(noAddonReason(result, null), /^no native addon for linux-x64-glibc: no local build, and the package has no prebuilt binary.*npm rebuild hotloop --build-from-source.*npm run build:native/);
  });

  it('uses the prebuild when there is no local build, silently', () => {
    place(prebuild);
    const result = loadNative(root, target, loader([]));
    assert.deepEqual(result.loaded, { source: 'prebuild', file: prebuild });
    assert.deepEqual(result.addon, { file: prebuild });
    assert.equal(describeSkipped(result), undefined);
  });

  it('prefers a local build to the prebuild', () => {
    place(local);
    assert.deepEqual(loadNative(root, target, loader([])).loaded, { source: 'local build', file: local });
  });

  it('skips a broken local build for the prebuild, and says so in one line', () => {
    const result = loadNative(root, target, loader([local]));
    assert.deepEqual(result.loaded, { source: 'prebuild', file: prebuild });
    assert.deepEqual(result.failures, [{ source: 'local build', file: local, error: `${local}: file too short` }]);
    const warning = describeSkipped(result)!;
    assert.equal(warning.split('\n').length, 1);
    assert.match(warning, /local build .*failed to load \(.*file too short\); using the prebuild .*hotloop\.napi\.glibc\.node instead/);
  });

  it('when every candidate is broken, names each, the failed install build and its log', () => {
    const result = loadNative(root, target, loader([local, prebuild]));
    assert.equal(result.addon, null);
    assert.equal(result.failures.length, 2);
    const install = { outcome: 'failed' as const, reason: 'the source build failed: node-gyp exited with code 1', log: '/pkg/build/hotloop-install.log', date: '' };
    const reason = noAddonReason(result, install);
    assert.match(reason, /the local build .* failed to load: .*file too short; the prebuild .* failed to load/);
    assert.match(reason, /at install, the source build failed: node-gyp exited with code 1 \(log: \/pkg\/build\/hotloop-install\.log\)/);
  });

  it('with HOTLOOP_ADDON_PATH, loads that file and no other', () => {
    const chosen = path.join(root, 'sanitize', 'hotloop.node');
    place(chosen);
    assert.deepEqual(nativeCandidates(root, target, chosen), [{ source: 'HOTLOOP_ADDON_PATH', file: chosen }]);
    const result = loadNative(root, target, loader([]), chosen);
    assert.deepEqual(result.loaded, { source: 'HOTLOOP_ADDON_PATH', file: chosen });
    assert.deepEqual(result.failures, []);
  });

  it('with HOTLOOP_ADDON_PATH naming a missing or broken file, loads nothing rather than another addon', () => {
    const missing = path.join(root, 'nowhere', 'hotloop.node');
    const result = loadNative(root, target, loader([]), missing);
    assert.equal(result.addon, null);
    assert.deepEqual(result.failures, [{ source: 'HOTLOOP_ADDON_PATH', file: missing, error: 'no such file' }]);
    assert.match(noAddonReason(result, null), /^the HOTLOOP_ADDON_PATH .*nowhere\/hotloop\.node failed to load: no such file\. To fix it, point HOTLOOP_ADDON_PATH at a built addon, or unset it$/);
    const broken = path.join(root, 'sanitize', 'hotloop.node');
    assert.equal(loadNative(root, target, loader([broken]), broken).addon, null);
  });
});

describe('HOTLOOP_ADDON_PATH in a process', () => {
  const probe = "import { backend, nativeUnavailableReason } from './src/backend.js'; import { nativeOrigin } from './src/native-loader.js'; console.log(JSON.stringify({ backend: backend(), loaded: nativeOrigin()?.loaded ?? null, reason: nativeUnavailableReason() ?? null }));";
  const run = (addonPath: string) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: repo, encoding: 'utf8', env: { ...process.env, HOTLOOP_ADDON_PATH: addonPath, HOTLOOP_BACKEND: '' },
    });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').pop()!);
  };

  it("falls back to 'auto''s next backend (wasm when built, else TypeScript) with the reason when the file is missing", () => {
    const report = run('/nonexistent/hotloop.node');
    assert.equal(report.backend, wasmUnavailableReason() === undefined ? 'wasm' : 'js');
    assert.match(report.reason, /HOTLOOP_ADDON_PATH \/nonexistent\/hotloop\.node failed to load: no such file/);
  });

  it('loads the named addon', { skip: existsSync(path.join(repo, 'build', 'Release', 'hotloop.node')) ? false : 'addon not built' }, () => {
    const file = path.join(repo, 'build', 'Release', 'hotloop.node');
    assert.deepEqual(run(file).loaded, { source: 'HOTLOOP_ADDON_PATH', file });
  });
});

// glibc's dlopen maps a truncated library and the process then dies of SIGBUS: the loader must
// see the truncation first. Checked on the addon, or on Node's own binary when it is not built.
describe('truncated ELF files', { skip: process.platform === 'linux' ? false : 'ELF platforms only' }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-elf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const addon = path.join(repo, 'build', 'Release', 'hotloop.node');
  // Node's binary (about 100 MB) only stands in when the addon is not built.
  const files = [existsSync(addon) ? addon : process.execPath];

  it('a whole file passes; a file that is not ELF is left to the platform loader', () => {
    for (const file of files) assert.equal(incompleteElf(file), undefined, file);
    assert.equal(incompleteElf(path.join(repo, 'package.json')), undefined);
  });

  it('any cut from the ELF header to the last byte is found', () => {
    const copy = path.join(dir, 'cut.node');
    for (const file of files) {
      const size = statSync(file).size;
      for (const length of [20, 64, 4096, Math.floor(size / 2), size - 1]) {
        copyFileSync(file, copy);
        truncateSync(copy, length);
        assert.match(incompleteElf(copy) ?? 'passed', new RegExp(`^truncated: ${length} bytes, (shorter than its ELF header|but its headers describe (at least )?\\d+)$`), `${file} cut at ${length}`);
      }
    }
  });
});

describe('install report', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hotloop-report-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'build'));
  const write = (body: unknown) => writeFileSync(path.join(root, 'build', 'hotloop-build.json'), JSON.stringify(body));

  it('is null when the install script never ran', () => {
    assert.equal(readInstallReport(root), null);
  });

  it('resolves the log path against the package', () => {
    write({ outcome: 'failed', reason: 'the source build failed: x', log: 'build/hotloop-install.log', date: 'd' });
    assert.deepEqual(readInstallReport(root), { outcome: 'failed', reason: 'the source build failed: x', log: path.join(root, 'build', 'hotloop-install.log'), date: 'd' });
  });

  it('ignores a report it does not understand', () => {
    write({ outcome: 'exploded' });
    assert.equal(readInstallReport(root), null);
    writeFileSync(path.join(root, 'build', 'hotloop-build.json'), '{ truncated');
    assert.equal(readInstallReport(root), null);
  });
});

const readelfMissing = spawnSync('readelf', ['--version']).status !== 0;
describe('portability check (readelf, nm)', { skip: process.platform !== 'linux' ? 'Linux only' : readelfMissing ? 'readelf (binutils) not installed' : false }, () => {
  const check = (file: string) => spawnSync(process.execPath, [path.join(repo, 'scripts', 'check-portable.mjs'), file], { encoding: 'utf8' });
  // The host's own libraries, as mapped into this process.
  const mapped = (name: RegExp) => readFileSync('/proc/self/maps', 'utf8').split('\n').map((l) => l.split(/\s+/)[5]).find((f) => f && name.test(f));

  it('rejects a binary that needs libstdc++ (Node itself)', () => {
    const run = check(process.execPath);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /needs libstdc\+\+\.so\.6/);
    assert.match(run.stderr, /needs libstdc\+\+ \(GLIBCXX_3\.4[.\d]*\)/);
  });

  it('rejects a library that exports more than Node-API entry points (libstdc++)', () => {
    const libstdcxx = mapped(/libstdc\+\+\.so/);
    assert.ok(libstdcxx, 'libstdc++ mapped in this process');
    const run = check(libstdcxx);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /exports \d+ symbols besides its Node-API entry points/);
  });

  const addon = path.join(repo, 'build', 'Release', 'hotloop.node');
  it('passes the local build: no libstdc++, GLIBC <= 2.28, only Node-API exports', { skip: existsSync(addon) ? false : 'native addon not built' }, () => {
    const run = check(addon);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /portable \(highest GLIBC 2\.(\d|1\d|2[0-8])(\.\d+)?, needs /);
    assert.doesNotMatch(run.stdout, /libstdc\+\+/);
  });
});
