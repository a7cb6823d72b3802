/**
 * Byte sinks (columns.ts) for the places results go that are not the CLI's atomic outputs: a file
 * written in place (a BullMQ job's part, a library caller's file), and a Node Writable over any
 * sink for the writers that produce a stream (Arrow).
 */
import { type FileHandle, open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { fileError } from '../file-errors.js';
import type { ByteSink } from './columns.js';

/** A sink into `file` (created or truncated); `close` ends it. Errors name the file. */
export async function fileSink(file: string): Promise<ByteSink & { close(): Promise<void> }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'w');
  } catch (error) {
    throw fileError('write', file, error);
  }
  const guard = <T>(step: Promise<T>) =>
    step.catch((error) => {
      throw fileError('write', file, error);
    });
  return {
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let done = 0; done < bytes.length; ) done += (await guard(handle.write(bytes, done, bytes.length - done))).bytesWritten;
    },
    close: () => guard(handle.close()),
  };
}

/** A Writable whose chunks go to `bytes` one after the other (a chunk is done when the sink says so). */
export function writableOf(bytes: ByteSink): Writable {
  return new Writable({
    write(chunk: Uint8Array, _encoding, callback) {
      bytes.write(chunk).then(() => callback(), callback);
    },
  });
}
