import type { ApiError } from '../../engine/api.js';

/** An API call that failed: the engine's `{code, message}`. */
export class ApiCallError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/**
 * `{code, message}` for anything an API call rejected with. Electron's context bridge keeps only
 * an Error's message, which the preload writes as "CODE: message".
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiCallError) return { code: err.code, message: err.message };
  const text = err instanceof Error ? err.message : String(err);
  const m = /^(?:Error invoking remote method '[^']+': (?:Error: )?)?([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1], message: m[2] } : { code: 'INTERNAL', message: text };
}
