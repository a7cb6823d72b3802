// `hotloop info`: version, active backend (and why native is missing), the wasm module, threads, vector units.
import type { Command } from 'commander';
import { backend, nativeInfo, nativeUnavailableReason, threads, wasmInfo, wasmUnavailableReason } from '../backend.js';
import { readInstallReport } from '../install-report.js';
import { hostTarget, nativeOrigin, packageRoot, targetTag } from '../native-loader.js';
import { print } from './output.js';
import { packageVersion } from './version.js';

export function gatherInfo() {
  const native = nativeInfo();
  const origin = nativeOrigin();
  return {
    version: packageVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    target: origin?.target ?? targetTag(hostTarget()),
    backend: backend(),
    nativeUnavailable: nativeUnavailableReason() ?? null,
    // Which .node file loaded (a local build or the prebuild), and any that failed before it.
    nativeLoaded: origin?.loaded ?? null,
    nativeFailures: origin?.failures ?? [],
    // What the install script did (prebuild used, built, failed) and where its full log is.
    install: readInstallReport(packageRoot()),
    threads: threads(),
    simd: native?.simd ?? null,
    cpuFeatures: native?.cpuFeatures ?? null,
    compiler: native?.compiler ?? null,
    // The WebAssembly backend: its module, SIMD128, the kernels it has (or why it is unavailable).
    wasm: wasmSummary(),
  };
}

function wasmSummary() {
  const wasm = wasmInfo();
  if (!wasm) return { available: false as const, reason: wasmUnavailableReason() ?? null };
  return { available: true as const, module: wasm.path, simd128: wasm.simd128, kernels: wasm.kernels };
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, the active backend and where its addon was loaded from (or why native is unavailable), the install outcome, threads and CPU vector units')
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
        ...(info.nativeLoaded ? [`addon:    ${info.nativeLoaded.source} ${info.nativeLoaded.file} (${info.target})`] : []),
        ...info.nativeFailures.map((failure) => `skipped:  ${failure.source} ${failure.file}: ${failure.error}`),
        ...(info.install ? [`install:  ${info.install.reason}${info.install.log ? `; log: ${info.install.log}` : ''}`] : []),
        `threads:  ${info.threads}`,
        ...(info.simd ? [`simd:     ${info.simd} (cpu: ${info.cpuFeatures})`] : []),
        ...(info.compiler ? [`compiler: ${info.compiler}`] : []),
        info.wasm.available
          ? `wasm:     ${info.wasm.module} (simd128 ${info.wasm.simd128 ? 'on' : 'off'}, threads: worker pool; kernels: ${info.wasm.kernels.join(', ')})`
          : `wasm:     unavailable: ${info.wasm.reason}`,
      );
    });
}
