#!/usr/bin/env node
// Checks that a Linux glibc addon loads on the manylinux_2_28 baseline (glibc 2.28: RHEL/Alma/Rocky
// 8, Debian 10, Ubuntu 20.04 and later; the same floor as Node 20's own Linux binaries):
//   - it needs no libstdc++ (no GLIBCXX_* or CXXABI_* version, no libstdc++.so.6),
//   - no GLIBC_* version above 2.28 and no GCC_* (libgcc_s) version above 7.0.0,
//   - it needs only the C library, libm, libgcc_s and the dynamic loader,
//   - it exports only its Node-API entry points (the static libstdc++ stays private).
// Reads the ELF file with binutils' readelf and nm. `node scripts/check-portable.mjs FILE` prints the verdict.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BASELINE = { glibc: '2.28', gcc: '7.0.0' };

const ALLOWED_LIBRARIES = /^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|libgcc_s\.so\.1|ld-linux-[\w-]+\.so\.\d)$/;
const ALLOWED_EXPORTS = /^(napi_|node_api_)/;

function binutils(tool, args, file) {
  const run = spawnSync(tool, [...args, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`${tool} could not run (${run.error.message}); install binutils`);
  if (run.status !== 0) throw new Error(`${tool} ${args.join(' ')} ${file} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** -1, 0 or 1 as version a is below, equal to or above version b ("2.3.2" vs "2.28"). */
export function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** What the loader will ask of the system: needed libraries, required symbol versions, exported symbols. */
export function readRequirements(file) {
  const needed = [...binutils('readelf', ['-W', '-d'], file).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  // The .gnu.version_r section: every version the file requires, whatever symbol needs it.
  const versionText = binutils('readelf', ['-W', '-V'], file);
  const needs = versionText.slice(Math.max(0, versionText.indexOf("'.gnu.version_r'")));
  const versions = [...new Set([...needs.matchAll(/Name: (\S+)\s+Flags/g)].map((m) => m[1]))];
  // Defined dynamic symbols, less the version names themselves (type A).
  const exports = binutils('nm', ['-D', '--defined-only'], file).split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 3 && fields[1] !== 'A')
    .map((fields) => fields[2].replace(/@.*$/, ''));
  return { needed, versions, exports };
}

/** The problems that would stop the file loading on the baseline, as sentences; empty when portable. */
export function judge({ needed, versions, exports }, baseline = BASELINE) {
  const problems = [];
  for (const library of needed) {
    if (!ALLOWED_LIBRARIES.test(library)) problems.push(`needs ${library}`);
  }
  for (const version of versions) {
    const [, family, number] = /^([A-Z]+)_(.*)$/.exec(version) ?? [, version, ''];
    if (family === 'GLIBCXX' || family === 'CXXABI') problems.push(`needs libstdc++ (${version})`);
    else if (family === 'GLIBC' && (number === 'PRIVATE' || compareVersions(number, baseline.glibc) > 0)) problems.push(`needs ${version} (baseline ${baseline.glibc})`);
    else if (family === 'GCC' && compareVersions(number, baseline.gcc) > 0) problems.push(`needs libgcc_s ${version} (baseline ${baseline.gcc})`);
  }
  const extra = exports.filter((name) => !ALLOWED_EXPORTS.test(name));
  if (extra.length > 0) problems.push(`exports ${extra.length} symbols besides its Node-API entry points (${extra.slice(0, 3).join(', ')}…)`);
  return problems;
}

/** Highest GLIBC_* version required, for reports. */
export function maxGlibc(versions) {
  return versions.filter((v) => /^GLIBC_\d/.test(v)).map((v) => v.slice(6)).sort(compareVersions).at(-1) ?? 'none';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/check-portable.mjs FILE.node');
    process.exit(2);
  }
  const requirements = readRequirements(file);
  const problems = judge(requirements);
  if (problems.length > 0) {
    console.error(`${file} is not portable:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${file}: portable (highest GLIBC ${maxGlibc(requirements.versions)}, needs ${requirements.needed.join(', ')})`);
}
