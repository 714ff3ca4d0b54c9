import { AutoSkillError } from '../errors/autoskill-error';
import { AbortedError } from '../errors/errors';

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

/**
 * Settles with `promise`, or rejects with `AbortedError` as soon as the signal fires, even if
 * the model ignores the signal (a third-party model that never looks at it).
 */
export function raceWithAbort<T>(
  promise: Promise<T>,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  if (!abortSignal) return promise;
  if (abortSignal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new AbortedError(undefined, { cause: abortSignal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(new AbortedError(undefined, { cause: abortSignal.reason }));
    };
    abortSignal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        abortSignal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        abortSignal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
