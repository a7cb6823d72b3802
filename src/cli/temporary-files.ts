// The temporary files of atomic writes still in progress, so that whatever ends the process (a
// failure, Ctrl-C, SIGTERM, a broken pipe) removes them first and never leaves `.name.tmp` behind.
import { rmSync } from 'node:fs';

const open = new Set<string>();

export function addTemporaryFile(file: string): void {
  open.add(file);
}

/** Forgets `file` (renamed into place, or already removed). */
export function forgetTemporaryFile(file: string): void {
  open.delete(file);
}

export function removeTemporaryFiles(): void {
  for (const file of open) rmSync(file, { force: true });
  open.clear();
}
