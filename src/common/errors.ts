/**
 * Errors as values (tmux `cmdq_error`): a user mistake or a refused request is a
 * `SpacesError` returned to whoever asked, with a message a person can act on.
 * Exceptions are reserved for programmer errors.
 */

export type ErrorCode =
  | 'bad-request' // the message itself is malformed (protocol level)
  | 'bad-args' // well-formed, but the values make no sense (a bad name, a bad size)
  | 'not-found' // no such session / window / pane
  | 'exists' // a session with that name already exists
  | 'spawn-failed' // the program could not be started
  | 'exited' // the pane's program is gone
  | 'timeout'
  | 'version-mismatch'
  | 'unavailable' // the daemon could not be reached or started
  | 'internal';

export interface SpacesError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SpacesError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: SpacesError } {
  return { ok: false, error: { code, message } };
}

/** Thrown only to carry a SpacesError up through code that cannot return one (CLI layer). */
export class SpacesFailure extends Error {
  constructor(readonly error: SpacesError) {
    super(error.message);
  }
}
