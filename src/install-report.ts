/**
 * What the install script (scripts/build-native.mjs) recorded: whether it used the prebuilt addon,
 * built from source, or failed, and where the full build log is. npm hides a dependency's install
 * output, so this file is how `hotloop info` and the fallback warning can still say what happened.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type InstallOutcome = 'prebuild' | 'built' | 'up to date' | 'failed' | 'skipped';

export interface InstallReport {
  outcome: InstallOutcome;
  /** One sentence: what happened and, on failure, why. */
  reason: string;
  /** Absolute path of the full node-gyp log, when a build ran. */
  log: string | null;
  /** When the install script ran (ISO 8601). */
  date: string;
}

/** Relative to the package root; scripts/build-native.mjs writes it (and the log it names). */
export const INSTALL_REPORT_FILE = path.join('build', 'hotloop-build.json');

const OUTCOMES: readonly string[] = ['prebuild', 'built', 'up to date', 'failed', 'skipped'];

/** The last install's report, or null when none was written (installed with --ignore-scripts). */
export function readInstallReport(root: string): InstallReport | null {
  let raw: { outcome?: unknown; reason?: unknown; log?: unknown; date?: unknown };
  try {
    raw = JSON.parse(readFileSync(path.join(root, INSTALL_REPORT_FILE), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw.outcome !== 'string' || !OUTCOMES.includes(raw.outcome)) return null;
  return {
    outcome: raw.outcome as InstallOutcome,
    reason: String(raw.reason ?? ''),
    log: typeof raw.log === 'string' ? path.resolve(root, raw.log) : null,
    date: String(raw.date ?? ''),
  };
}
