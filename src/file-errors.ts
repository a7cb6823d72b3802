// Messages for failed file operations: the file, the operation, then the system's reason, e.g.
// "cannot write /dev/full: no space left on device (ENOSPC)".

/** "no space left on device (ENOSPC)" from Node's "ENOSPC: no space left on device, write". */
export function describeSystemError(error: NodeJS.ErrnoException): string {
  const text = /^[A-Z0-9_]+: (.*?)(?:, \w+(?: '.*')?)?$/.exec(error.message)?.[1] ?? error.message;
  return error.code && !text.includes(error.code) ? `${text} (${error.code})` : text;
}

/** An error about `file` that names the operation and the reason. */
export function fileError(operation: 'read' | 'write', file: string, error: unknown): Error {
  const known = error as NodeJS.ErrnoException;
  const reason = known?.code ? describeSystemError(known) : String(known?.message ?? error);
  return new Error(`cannot ${operation} ${file}: ${reason}`, { cause: error });
}
