import { AbortedError, AutoSkillError } from '../errors/index';

/** Throws `AbortedError` when the signal has fired. */
export function throwIfAborted(abortSignal: AbortSignal | undefined): void {
  if (abortSignal?.aborted) throw new AbortedError(undefined, { cause: abortSignal.reason });
}

/** True for DOM/SDK abort errors and for AutoSkill's own `AbortedError`. */
export function isAbortError(error: unknown): boolean {
  if (AutoSkillError.hasCode(error, 'ABORTED')) return true;
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'APIUserAbortError' || name === 'TimeoutError';
}

/**
 * Normalises an error thrown while a signal may have fired: an aborted call always surfaces as
 * `AbortedError`, whatever the provider threw.
 */
export function toAbortAwareError(error: unknown, abortSignal: AbortSignal | undefined): unknown {
  if (AutoSkillError.hasCode(error, 'ABORTED')) return error;
  if (abortSignal?.aborted || (isAbortError(error) && !AutoSkillError.isInstance(error))) {
    return new AbortedError(undefined, { cause: abortSignal?.reason ?? error });
  }
  return error;
}
