// `hotloop info`: version, active backend (and why native is missing), threads, vector units.
import type { Command } from 'commander';
import { backend, nativeInfo, nativeUnavailableReason, threads } from '../backend.js';
import { print } from './output.js';
import { packageVersion } from './version.js';

export function gatherInfo() {
  const native = nativeInfo();
  return {
    version: packageVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend: backend(),
    nativeUnavailable: nativeUnavailableReason() ?? null,
    threads: threads(),
    simd: native?.simd ?? null,
    cpuFeatures: native?.cpuFeatures ?? null,
    compiler: native?.compiler ?? null,
  };
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, the active backend (and why native is unavailable), threads and CPU vector units')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      const info = gatherInfo();
      if (options.json) {
        await print(JSON.stringify(info, null, 2));
        return;
      }
      await print(
        `hotloop ${info.version} on Node ${info.node} (${info.platform})`,
        `backend:  ${info.backend}${info.nativeUnavailable ? ` (native unavailable: ${info.nativeUnavailable})` : ''}`,
        `threads:  ${info.threads}`,
        ...(info.simd ? [`simd:     ${info.simd} (cpu: ${info.cpuFeatures})`] : []),
        ...(info.compiler ? [`compiler: ${info.compiler}`] : []),
      );
    });
}
