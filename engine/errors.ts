/**
 * One error type for everything the engine reports to a person. `code` is stable and machine
 * readable; `message` says what went wrong, where, and how to fix it; `cause` keeps the original
 * error (as ioredis's lib/errors/ does). Over IPC only `{code, message}` travels.
 */
export class FeedscopeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedscopeError';
    this.code = code;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Plain `{code, message}` for any thrown value, for IPC, the CLI and frames. */
export function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof FeedscopeError) return err.toJSON();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
