import { AbortedError } from '../errors/errors';

/** Throws AbortedError (with the signal's reason as cause) when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AbortedError('The embedding call was aborted', { cause: signal.reason });
}
