import { readFileSync } from 'node:fs';

/** The package version from package.json (found relative to src/ or dist/src/). */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
      if (pkg.name === 'hotloop') return String(pkg.version);
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}
