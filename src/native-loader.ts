/**
 * Finds and loads the native addon, in order:
 *   1. a local build, `build/Release/hotloop.node` (`npm install` in a clone, or a source build at
 *      install time: made on this machine from these sources, so it comes first);
 *   2. the prebuilt binary shipped in the package for this platform, architecture and C library,
 *      `prebuilds/<platform>-<arch>/hotloop.napi[.<libc>].node` (prebuildify's layout and tags).
 * The first that loads wins. One that exists but does not load (a truncated file, a binary for
 * another C library) is recorded and the next is tried. `HOTLOOP_ADDON_PATH` replaces both with one
 * file (the sanitizer build of `npm run test:sanitize`, a debug build): that file or no addon, so a
 * run meant for it can never silently use another. When none loads the caller moves on to its
 * next backend: today the TypeScript reference; a WebAssembly build would slot in there, after
 * every `.node` file, without changing this module.
 *
 * The install script (scripts/build-native.mjs) and the prepack script (scripts/prebuild.mjs) import
 * the compiled form of this file, so the package has one definition of the prebuild names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incompleteElf } from './elf-check.js';
import type { InstallReport } from './install-report.js';

export type Libc = 'glibc' | 'musl';

/** The installed package's folder (beside dist/ or src/): where build/ and prebuilds/ live. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'binding.gyp'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('hotloop: package root not found (no package.json beside binding.gyp above this file)');
    dir = parent;
  }
  return dir;
}

/** What a binary must be built for: Node's platform and arch, and on Linux the C library. */
export interface NativeTarget {
  platform: string;
  arch: string;
  libc?: Libc;
}

export type NativeSource = 'local build' | 'prebuild' | 'HOTLOOP_ADDON_PATH';

export interface NativeCandidate {
  source: NativeSource;
  file: string;
}

export interface NativeFailure extends NativeCandidate {
  /** The first line of the loader's error, e.g. `file too short`. */
  error: string;
}

export interface NativeLoad {
  /** The addon's exports, or null when no candidate loaded. */
  addon: unknown;
  /** Which candidate loaded. */
  loaded: NativeCandidate | null;
  /** Candidates that exist but failed to load, in the order tried. */
  failures: NativeFailure[];
  /** This process's target, as a tag: `linux-x64-glibc`, `darwin-arm64`, `win32-x64`. */
  target: string;
}

/**
 * glibc or musl, for the running process. /proc/self/maps names the C library mapped in; reading it
 * takes well under a millisecond where `process.report` takes tens (only used without /proc).
 */
function linuxLibc(): Libc {
  try {
    const maps = readFileSync('/proc/self/maps', 'latin1');
    if (/\/ld-musl-|\/libc\.musl-/.test(maps)) return 'musl';
    if (/\/libc\.so\.6|\/libc-2\.\d+\.so/.test(maps)) return 'glibc';
  } catch {
    // no /proc: ask Node below
  }
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** The target of this process. */
export function hostTarget(): NativeTarget {
  return process.platform === 'linux'
    ? { platform: process.platform, arch: process.arch, libc: linuxLibc() }
    : { platform: process.platform, arch: process.arch };
}

/** `linux-x64-glibc`, `linux-arm64-musl`, `darwin-arm64`, `win32-x64`. */
export function targetTag(target: NativeTarget): string {
  return [target.platform, target.arch, target.libc].filter(Boolean).join('-');
}

/** Where a local build lands. */
export function localBuildFile(root: string): string {
  return path.join(root, 'build', 'Release', 'hotloop.node');
}

/**
 * The prebuilt files that serve a target, best first. The first is where scripts/prebuild.mjs
 * writes. On macOS a universal binary (`darwin-x64+arm64`, as prebuildify names it) serves both.
 */
export function prebuildFiles(root: string, target: NativeTarget): string[] {
  const name = target.libc ? `hotloop.napi.${target.libc}.node` : 'hotloop.napi.node';
  const dirs = [`${target.platform}-${target.arch}`];
  if (target.platform === 'darwin') dirs.push('darwin-x64+arm64');
  return dirs.map((dir) => path.join(root, 'prebuilds', dir, name));
}

/** The candidates in the order they are tried; `addonPath` (HOTLOOP_ADDON_PATH) is then the only one. */
export function nativeCandidates(root: string, target: NativeTarget, addonPath?: string): NativeCandidate[] {
  if (addonPath) return [{ source: 'HOTLOOP_ADDON_PATH', file: path.resolve(addonPath) }];
  return [
    { source: 'local build', file: localBuildFile(root) },
    ...prebuildFiles(root, target).map((file): NativeCandidate => ({ source: 'prebuild', file })),
  ];
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

const requireAddon = createRequire(import.meta.url);

/** require(), after making sure a truncated ELF file cannot take the process down (src/elf-check.ts). */
function checkedRequire(file: string): unknown {
  const problem = incompleteElf(file);
  if (problem) throw new Error(problem);
  return requireAddon(file);
}

/**
 * Tries each candidate that exists, in order; `load` is injectable for tests. A file named by
 * HOTLOOP_ADDON_PATH that does not exist is a failure, not a candidate to skip.
 */
export function loadNative(
  root: string,
  target: NativeTarget = hostTarget(),
  load: (file: string) => unknown = checkedRequire,
  addonPath?: string,
): NativeLoad {
  const failures: NativeFailure[] = [];
  for (const candidate of nativeCandidates(root, target, addonPath)) {
    if (!existsSync(candidate.file)) {
      if (candidate.source === 'HOTLOOP_ADDON_PATH') failures.push({ ...candidate, error: 'no such file' });
      continue;
    }
    try {
      return { addon: load(candidate.file), loaded: candidate, failures, target: targetTag(target) };
    } catch (error) {
      failures.push({ ...candidate, error: firstLine(error) });
    }
  }
  return { addon: null, loaded: null, failures, target: targetTag(target) };
}

let firstLoad: NativeLoad | undefined;

/** loadNative, once per process (with HOTLOOP_ADDON_PATH when set): the addon is loaded at import and never again. */
export function loadNativeOnce(root: string): NativeLoad {
  firstLoad ??= loadNative(root, hostTarget(), checkedRequire, process.env.HOTLOOP_ADDON_PATH || undefined);
  return firstLoad;
}

/** What loadNativeOnce found (without the addon itself), or null when it never ran (HOTLOOP_BACKEND=js). */
export function nativeOrigin(): Omit<NativeLoad, 'addon'> | null {
  if (!firstLoad) return null;
  const { loaded, failures, target } = firstLoad;
  return { loaded, failures, target };
}

/** How to get a working addon, for every message that says it is missing. */
export const REBUILD_HINT =
  'reinstall hotloop, or build the addon from source: `npm rebuild hotloop --build-from-source` (`npm run build:native` in a clone of hotloop)';

/** Says why nothing loaded: each broken candidate, or that there was none for this target. */
export function describeNoAddon(result: NativeLoad): string {
  if (result.failures.length > 0) {
    return result.failures.map((f) => `the ${f.source} ${f.file} failed to load: ${f.error}`).join('; ');
  }
  return `no native addon for ${result.target}: no local build, and the package has no prebuilt binary for it`;
}

/** The full reason native is unavailable: what the loader found, what the install did, how to fix it. */
export function noAddonReason(result: NativeLoad, install: InstallReport | null): string {
  let reason = describeNoAddon(result);
  if (install?.outcome === 'failed' || install?.outcome === 'skipped') {
    reason += `; at install, ${install.reason}${install.log ? ` (log: ${install.log})` : ''}`;
  }
  const forced = result.failures.some((f) => f.source === 'HOTLOOP_ADDON_PATH');
  return `${reason}. To fix it, ${forced ? 'point HOTLOOP_ADDON_PATH at a built addon, or unset it' : REBUILD_HINT}`;
}

/** For a load that succeeded after skipping broken candidates: the one warning to print, else undefined. */
export function describeSkipped(result: NativeLoad): string | undefined {
  if (!result.loaded || result.failures.length === 0) return undefined;
  const skipped = result.failures.map((f) => `the ${f.source} ${f.file} failed to load (${f.error})`).join('; ');
  return `hotloop: ${skipped}; using the ${result.loaded.source} ${result.loaded.file} instead. To fix it, ${REBUILD_HINT}.`;
}
