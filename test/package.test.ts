// The package as users get it: `npm pack` (which builds dist/ and the prebuild), then installs of the
// tarball into fresh projects, with no compiler reachable, as npm does for a dependency.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../src/cli/commands.js';
import { hostTarget, prebuildFiles, targetTag } from '../src/native-loader.js';
import { nativeAvailable, wasmAvailable } from './backends.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const target = hostTarget();
const tag = targetTag(target);

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return realpathSync(file);
    } catch {
      // not here
    }
  }
  return undefined;
}

// npm's own entry point, whether the tests run under `npm test` or not.
const npmCli = process.env.npm_execpath?.endsWith('npm-cli.js') ? process.env.npm_execpath : onPath('npm');

// The environment of a user's shell: none of the variables `npm test` adds, no HOTLOOP_* setting.
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|hotloop_|init_cwd$|node_options$)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMinutes = 5): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMinutes * 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the packed package', { skip: !nativeAvailable ? 'native addon not built: no prebuild to pack' : !npmCli ? 'npm not found' : false }, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'hotloop-package-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  // A PATH holding only node, npm, npx and sh, and CC/CXX that fail: nothing can compile.
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  symlinkSync(npmCli!, path.join(bin, 'npm'));
  symlinkSync(path.join(path.dirname(npmCli!), 'npx-cli.js'), path.join(bin, 'npx'));
  symlinkSync(realpathSync('/bin/sh'), path.join(bin, 'sh'));
  const noCompiler = cleanEnv({ PATH: bin, CC: '/bin/false', CXX: '/bin/false' });

  const npm = (args: string[], cwd: string, env = noCompiler, timeoutMinutes = 5) =>
    run(process.execPath, [npmCli!, ...args, '--no-audit', '--no-fund'], cwd, env, timeoutMinutes);
  const node = (args: string[], cwd: string, env = noCompiler) => run(process.execPath, args, cwd, env);
  const info = (project: string) => {
    const result = node([path.join(project, 'node_modules', 'hotloop', 'bin', 'hotloop.js'), 'info', '--json'], project);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  };
  const newProject = (name: string) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
    return dir;
  };

  let tarball = '';
  let packedFiles: string[] = [];
  before(() => {
    // Packing runs prepack (the prebuild) and prepare (tsc); both are cheap when current.
    const pack = npm(['pack', '--pack-destination', work, '--json'], repo, cleanEnv(), 20);
    assert.equal(pack.status, 0, pack.stderr);
    const [entry] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, entry!.filename);
    packedFiles = entry!.files.map((f) => f.path);
  });

  const prebuildIn = (project: string) => prebuildFiles(path.join(project, 'node_modules', 'hotloop'), target)[0]!;

  it('holds the LICENSE, the compiled TypeScript, the explorer page and the prebuild for this platform, and no build/', () => {
    const prebuild = path.relative(repo, prebuildFiles(repo, target)[0]!).split(path.sep).join('/');
    for (const file of ['LICENSE', 'package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/native-loader.js',
      'dist/web/index.html', 'dist/web/main.js', 'dist/web/julia-worker.js',
      'scripts/build-native.mjs', 'scripts/compile-addon.mjs', 'binding.gyp', prebuild]) {
      assert.ok(packedFiles.includes(file), `${file} in the tarball`);
    }
    assert.ok(!packedFiles.some((f) => f.startsWith('build/') || f.startsWith('test/') || f.startsWith('node_modules/')), packedFiles.join(' '));
    // The wasm backend and its browser entry, where clang-19 built the module (prepare runs build-wasm).
    if (wasmAvailable) {
      for (const file of ['dist/wasm/hotloop.wasm', 'dist/src/wasm/browser.js', 'dist/src/wasm/worker-browser.js', 'dist/src/wasm/worker-node.js']) {
        assert.ok(packedFiles.includes(file), `${file} in the tarball`);
      }
    }
    assert.match(readFileSync(path.join(repo, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 the hotloop authors\n/);
  });

  describe('installed with --ignore-scripts and no compiler', () => {
    let project = '';
    before(() => {
      project = newProject('ignore-scripts');
      const install = npm(['install', '--ignore-scripts', '--prefer-offline', tarball], project);
      assert.equal(install.status, 0, install.stderr);
    });

    it('runs native code from the prebuild', () => {
      const report = info(project);
      assert.equal(report.backend, 'native');
      assert.deepEqual(report.nativeLoaded, { source: 'prebuild', file: prebuildIn(project) });
      assert.equal(report.target, tag);
      assert.equal(report.install, null, 'no install script ran');
    });

    it('the prebuild needs no libstdc++ and no glibc above 2.28', { skip: tag.endsWith('-glibc') ? false : 'glibc targets only' }, () => {
      const check = node([path.join(repo, 'scripts', 'check-portable.mjs'), prebuildIn(project)], project, cleanEnv());
      assert.equal(check.status, 0, check.stderr);
    });

    it('an ESM script imports hotloop and gets the TypeScript reference results from native kernels', () => {
      writeFileSync(path.join(project, 'use.mjs'), `
        import { Engine, backend, findMaxSync, nativeInfo, solveCubicsSync } from 'hotloop';
        const arrays = (_key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
        const results = (options) => JSON.stringify({
          cubic: solveCubicsSync([1, -6, 11, -6, 1, 0, 0, -8], options),
          max: findMaxSync({ data: new Float64Array([3, 9, 4, 7, 1, 8]), rows: 2, cols: 3 }, options),
          pip: new Engine({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] })
            .pipN(new Float64Array([5, 50]), new Float64Array([5, 5]), options),
        }, arrays);
        const native = results({ backend: 'native', threads: 2 });
        console.log(JSON.stringify({ backend: backend(), simd: nativeInfo()?.simd, same: native === results({ backend: 'js' }), native }));
      `);
      const result = node(['use.mjs'], project);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '', 'no warning');
      const out = JSON.parse(result.stdout);
      assert.equal(out.backend, 'native');
      assert.match(out.simd, /^(avx512|avx2|scalar)$/);
      assert.equal(out.same, true, out.native);
    });

    it('the CLI from the tarball loads each command on demand: every --help, --version, a julia PNG, a bad flag in one line', () => {
      const hotloop = (args: string[]) => node([path.join(project, 'node_modules', 'hotloop', 'bin', 'hotloop.js'), ...args], project);
      for (const [name] of COMMANDS) {
        const help = hotloop([name, '--help']);
        assert.equal(help.status, 0, `${name} --help: ${help.stderr}`);
        assert.match(help.stdout, new RegExp(`^Usage: hotloop ${name} `), name);
      }
      const version = hotloop(['--version']);
      assert.equal(version.stdout, `${JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).version}\n`);
      const png = path.join(project, 'small.png');
      const julia = hotloop(['julia', '-R', '16', '-o', png]);
      assert.equal(julia.status, 0, julia.stderr);
      assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const bad = hotloop(['julia', '-R', '1', '-o', png]);
      assert.equal(bad.status, 2);
      assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
      assert.match(bad.stderr, /-R expects a resolution of at least 2 but received 1/);
    });

    it('the wasm backend from the tarball: sync and async (its dist worker) give the TypeScript results; hotloop/wasm resolves', { skip: wasmAvailable ? false : 'hotloop.wasm not built' }, () => {
      writeFileSync(path.join(project, 'wasm.mjs'), `
        import { julia, juliaSync, wasmInfo } from 'hotloop';
        import { loadWasm } from 'hotloop/wasm';
        const options = { resolution: 64, itermax: 300, smooth: true };
        const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
        const js = juliaSync({ ...options, backend: 'js' });
        const sync = juliaSync({ ...options, backend: 'wasm' });
        const async_ = await julia({ ...options, backend: 'wasm', threads: 2 });
        console.log(JSON.stringify({ loadWasm: typeof loadWasm, module: wasmInfo()?.path,
          same: same(js.counts, sync.counts) && same(js.norms, sync.norms) && same(js.counts, async_.counts) && same(js.norms, async_.norms) }));
      `);
      const result = node(['wasm.mjs'], project);
      assert.equal(result.status, 0, result.stderr);
      const out = JSON.parse(result.stdout);
      assert.equal(out.loadWasm, 'function');
      assert.equal(out.module, path.join(project, 'node_modules', 'hotloop', 'dist', 'wasm', 'hotloop.wasm'));
      assert.equal(out.same, true);
    });

    it('a strict TypeScript file importing hotloop type-checks (tsc --noEmit)', () => {
      writeFileSync(path.join(project, 'check.ts'), `
        import { backend, findMaxSync, solveCubic, type BackendName } from 'hotloop';
        const active: BackendName = backend();
        const roots: number[] = solveCubic(1, -6, 11, -6);
        const maxima: Int32Array = findMaxSync({ data: new Int32Array([3, 9, 4, 7]), rows: 2, cols: 2 });
        // @ts-expect-error coefficients are numbers: proves the types are hotloop's, not any
        solveCubic('1', -6, 11, -6);
        console.log(active, roots, maxima);
      `);
      writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext',
          types: ['node'], typeRoots: [path.join(repo, 'node_modules', '@types')],
        },
        files: ['check.ts'],
      }));
      const tsc = node([path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    });

    const fallbackScript = "import { backend, solveCubicsSync } from 'hotloop'; console.log(backend()); solveCubicsSync([1, 0, 0, -8]); solveCubicsSync([1, 0, 0, -1]);";

    it('a truncated prebuild falls back to wasm (shipped in the tarball), else TypeScript, with one warning that names it', () => {
      const copy = path.join(work, 'truncated-prebuild');
      cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
      truncateSync(prebuildIn(copy), 4096);
      const result = node(['--input-type=module', '-e', fallbackScript], copy);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), wasmAvailable ? 'wasm' : 'js');
      const warnings = result.stderr.split('\n').filter((line) => /Warning/.test(line));
      assert.equal(warnings.length, 1, result.stderr);
      assert.match(warnings[0]!, /HOTLOOP_NO_ADDON.*the prebuild \S*hotloop\.napi\.\S*node failed to load: .*To fix it, reinstall hotloop, or build the addon from source/);
    });

    it('a truncated local build is skipped for the prebuild, with one warning', () => {
      const copy = path.join(work, 'truncated-build');
      cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
      const local = path.join(copy, 'node_modules', 'hotloop', 'build', 'Release', 'hotloop.node');
      mkdirSync(path.dirname(local), { recursive: true });
      copyFileSync(prebuildIn(copy), local);
      truncateSync(local, 4096);
      const result = node(['--input-type=module', '-e', fallbackScript], copy);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'native');
      const warnings = result.stderr.split('\n').filter((line) => /Warning/.test(line));
      assert.equal(warnings.length, 1, result.stderr);
      assert.match(warnings[0]!, /HOTLOOP_BROKEN_ADDON.*the local build \S*hotloop\.node failed to load .*; using the prebuild \S*hotloop\.napi\.\S*node instead/);
    });
  });

  describe('installed with install scripts on', () => {
    let project = '';
    let install: Run;
    before(() => {
      project = newProject('scripts-on');
      install = npm(['install', '--foreground-scripts', '--prefer-offline', tarball], project);
    });

    it('uses the prebuild: one line of outcome, nothing compiled', () => {
      assert.equal(install.status, 0, install.stderr);
      const output = install.stdout + install.stderr;
      assert.match(output, new RegExp(`hotloop: using the prebuilt addon for ${tag} \\(prebuilds/.*\\); nothing to compile`));
      assert.doesNotMatch(output, /gyp (info|ERR!)|node-gyp|native build failed/);
      const report = info(project);
      assert.equal(report.install.outcome, 'prebuild');
      assert.equal(report.nativeLoaded.source, 'prebuild');
    });

    it('a prebuild that does not load here makes the install try a source build, and says why', () => {
      const prebuild = prebuildIn(project);
      const whole = readFileSync(prebuild);
      truncateSync(prebuild, 100_000);
      try {
        const rebuild = npm(['rebuild', 'hotloop', '--foreground-scripts'], project);
        assert.equal(rebuild.status, 0, rebuild.stderr);
        assert.match(rebuild.stdout + rebuild.stderr, /hotloop: native build failed \(.*; it ran because: the prebuilt binary prebuilds\/\S+ does not load here \(truncated: 100000 bytes, but its headers describe \d+\)\)/);
        assert.equal(info(project).backend, wasmAvailable ? 'wasm' : 'js');
      } finally {
        writeFileSync(prebuild, whole);
      }
    });

    it('a requested source build that fails still installs; info shows the failure and its log, the prebuild serves', () => {
      const rebuild = npm(['rebuild', 'hotloop', '--foreground-scripts'], project, { ...noCompiler, HOTLOOP_BUILD_FROM_SOURCE: '1' });
      assert.equal(rebuild.status, 0, rebuild.stderr);
      const output = rebuild.stdout + rebuild.stderr;
      const line = /hotloop: native build failed \((.*); it ran because: build from source requested\); hotloop will use its prebuilt addon if one loads, else its TypeScript backend\. Full log: (\S+)/.exec(output);
      assert.ok(line, output);
      assert.doesNotMatch(output, /gyp (info|ERR!)/, 'node-gyp output goes to the log only');
      const report = info(project);
      assert.equal(report.install.outcome, 'failed');
      assert.equal(report.install.log, line[2]);
      assert.match(report.install.reason, /the source build failed: node-gyp exited with code 1 at configure: Error: Could not find any Python/);
      assert.match(readFileSync(line[2]!, 'utf8'), /gyp ERR! configure error/);
      assert.equal(report.nativeLoaded.source, 'prebuild');
      // HOTLOOP_BUILD_VERBOSE=1 shows node-gyp's output as well as logging it.
      const verbose = npm(['rebuild', 'hotloop', '--foreground-scripts'], project, { ...noCompiler, HOTLOOP_BUILD_FROM_SOURCE: '1', HOTLOOP_BUILD_VERBOSE: '1' });
      assert.equal(verbose.status, 0, verbose.stderr);
      assert.match(verbose.stdout + verbose.stderr, /gyp ERR! configure error/);
    });

    it('npm rebuild --build-from-source compiles from the tarball quietly, and the local build then wins', () => {
      const rebuild = npm(['rebuild', 'hotloop', '--build-from-source', '--foreground-scripts'], project, cleanEnv(), 30);
      assert.equal(rebuild.status, 0, rebuild.stderr);
      const output = rebuild.stdout + rebuild.stderr;
      assert.match(output, /hotloop: native addon built from source in [\d.]+ s \(build from source requested\); log: \S+hotloop-install\.log/);
      assert.doesNotMatch(output, /gyp info|warning:|note:/);
      const report = info(project);
      assert.equal(report.install.outcome, 'built');
      assert.deepEqual(report.nativeLoaded, { source: 'local build', file: path.join(project, 'node_modules', 'hotloop', 'build', 'Release', 'hotloop.node') });
      assert.ok(existsSync(report.install.log));
    });
  });
});
