// Every output file a command writes goes through openOutput, which writes as a careful Unix tool does:
// - a regular file (new or existing) is written under a temporary name in its folder and renamed
//   over it when complete, so a reader never sees half a file, and an interrupted or failed run
//   leaves the old file (or nothing) behind; an existing file keeps its mode (and, for root, owner);
// - a symlink is followed to the file it names (the link stays a link);
// - a device or FIFO (/dev/null, /dev/full, a named pipe) is written directly: renaming over it
//   would replace the device with a regular file;
// - `-` is standard output; a directory, an empty path or a failed write is an error naming the file.
import { lstatSync, readlinkSync, rmSync, statSync, type Stats } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileError } from '../file-errors.js';
import { flushStdout, writeStdout } from './output.js';
import { endCleanlyOnInterrupt } from './signals.js';
import { addTemporaryFile, forgetTemporaryFile } from './temporary-files.js';
import { UsageError } from './usage.js';

/** Where a command's output goes: write chunks in order, then commit (or abort on failure). */
export interface OutputTarget {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Makes the output final: flushes, closes, renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Discards what was written to a temporary file; direct targets are only closed. */
  abort(): Promise<void>;
}

/** The path `file` finally names: symlinks followed (a dangling link names the file it would create). */
export function resolveTarget(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch {
      return current; // nothing there (yet): the rename creates it
    }
    if (!stats.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new Error(`cannot write ${file}: too many levels of symbolic links`);
}

async function writeAll(handle: FileHandle, chunk: string | Uint8Array): Promise<void> {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

function standardOutput(): OutputTarget {
  return { write: writeStdout, commit: flushStdout, abort: async () => {} };
}

/** A device or FIFO, opened and written in place (opening a FIFO waits for its reader, as a shell redirect does). */
async function direct(name: string, target: string): Promise<OutputTarget> {
  const handle = await open(target, 'w').catch((error) => {
    throw fileError('write', name, error);
  });
  const guard = <T>(step: Promise<T>) => step.catch((error) => {
    throw fileError('write', name, error);
  });
  return {
    write: (chunk) => guard(writeAll(handle, chunk)),
    commit: () => guard(handle.close()),
    abort: () => handle.close().catch(() => {}),
  };
}

/** A regular file: written to `.name.<pid>-<random>.tmp` beside it, renamed over it on commit. */
async function atomic(name: string, target: string, existing: Stats | undefined): Promise<OutputTarget> {
  const dir = path.dirname(target);
  // The pid keeps concurrent runs apart, the random part a run's outputs; 'wx' below refuses any
  // existing file, so the name needs no secrecy (loading node:crypto cost each run 19 M instructions).
  const random = Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
  const temporary = path.join(dir, `.${path.basename(target)}.${process.pid}-${random}.tmp`);
  endCleanlyOnInterrupt();
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx', 0o666); // 'x': never follow a link planted at the temporary name
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`cannot write ${name}: directory ${dir} does not exist`, { cause: error });
    throw fileError('write', name, error);
  }
  addTemporaryFile(temporary);
  const discard = async () => {
    await handle.close().catch(() => {});
    rmSync(temporary, { force: true });
    forgetTemporaryFile(temporary);
  };
  const guard = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      await discard();
      throw fileError('write', name, error);
    }
  };
  if (existing) {
    await guard(() => handle.chmod(existing.mode & 0o7777));
    // Root can give the file back to its owner; anyone else keeps the file as their own (as sed -i does).
    if (process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid).catch(() => {});
  }
  return {
    write: (chunk) => guard(() => writeAll(handle, chunk)),
    commit: () =>
      guard(async () => {
        await handle.close();
        await rename(temporary, target);
        forgetTemporaryFile(temporary);
      }),
    abort: discard,
  };
}

/**
 * Opens the output `file` given to `flag` (the flag names it in a usage error): `-` is standard
 * output, an empty path is a usage error, anything else is a file as described at the top.
 */
export async function openOutput(file: string, flag: string): Promise<OutputTarget> {
  if (file === '') throw new UsageError(`${flag} expects a file path, or - for standard output, but received ""`);
  if (file === '-') return standardOutput();
  const target = resolveTarget(file);
  let stats: Stats | undefined;
  try {
    stats = statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError('write', file, error);
  }
  if (stats?.isDirectory()) throw new Error(`cannot write ${file}: it is a directory`);
  if (stats && !stats.isFile()) return direct(file, target);
  return atomic(file, target, stats);
}

/** Runs `produce` against an opened target and commits it; on any failure the output is discarded. */
export async function writeInto(target: OutputTarget, produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  try {
    await produce(target.write);
  } catch (error) {
    await target.abort();
    throw error;
  }
  await target.commit();
}
