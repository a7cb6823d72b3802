// File patterns for --points: `*` and `?` in the last path segment (history/*.parquet), expanded in
// name order; a name without them is taken as is.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function expandPattern(pattern: string): string[] {
  const base = path.basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const dir = path.dirname(pattern);
  const regex = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot list ${dir} for ${pattern}: ${(error as Error).message}`);
  }
  const files = names.filter((name) => regex.test(name)).sort().map((name) => path.join(dir, name));
  if (files.length === 0) throw new Error(`no file matches ${pattern}`);
  return files;
}
