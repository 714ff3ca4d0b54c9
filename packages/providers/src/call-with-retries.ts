import { retryWithBackoff } from '@autoskill/core';

/** Runs one vendor call with the provider-level retries (`maxRetries` setting; 0 = none). */
export function callWithRetries<T>(
  operation: () => Promise<T>,
  options: { maxRetries: number; abortSignal?: AbortSignal },
): Promise<T> {
  if (options.maxRetries === 0) return operation();
  return retryWithBackoff(operation, {
    maxRetries: options.maxRetries,
    abortSignal: options.abortSignal,
  });
}
