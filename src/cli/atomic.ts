// Output files are written under a temporary name beside the target and renamed when complete, so
// a reader never sees a partial file; an interrupted run removes its temporary file.
import { rmSync } from 'node:fs';
import path from 'node:path';

/** A temporary path in the same folder as `file`, so the final rename is atomic. */
export function temporaryPath(file: string): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
}

/** Removes `temporary` if the process is interrupted (Ctrl-C, SIGTERM) before the returned release runs. */
export function removeOnInterrupt(temporary: string): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => {
      rmSync(temporary, { force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
