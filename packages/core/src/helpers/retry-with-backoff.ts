import { AutoSkillError } from '../errors/autoskill-error';
import { AbortedError, InvalidArgumentError, type ProviderCallError } from '../errors/errors';
import { throwIfAborted, toAbortAwareError } from './abort';

/** Waits `milliseconds`; rejects with `AbortedError` as soon as the signal fires. */
export type SleepFunction = (milliseconds: number, abortSignal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Retries after the first attempt (0 = no retry). Default 2. */
  maxRetries?: number;
  /** Delay before the first retry. Default 1000 ms. */
  initialDelayMs?: number;
  /** Multiplier per retry. Default 2. */
  backoffFactor?: number;
  /** Upper bound of one delay. Default 20000 ms. */
  maxDelayMs?: number;
  abortSignal?: AbortSignal;
  /** Injectable for tests. Default: an abortable `setTimeout`. */
  sleep?: SleepFunction;
  /** Injectable for tests; returns [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Called before each retry (for logging). */
  onRetry?: (event: { attempt: number; delayMs: number; error: ProviderCallError }) => void;
}

/** The default `SleepFunction`: `setTimeout`, cancelled by the abort signal. */
export const abortableSleep: SleepFunction = (milliseconds, abortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(new AbortedError(undefined, { cause: abortSignal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError(undefined, { cause: abortSignal?.reason }));
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });

/** True when `error` is a `ProviderCallError` the vendor says may succeed on retry (429, 5xx, network). */
export function isRetryableError(error: unknown): error is ProviderCallError {
  return (
    AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR') &&
    (error as ProviderCallError).isRetryable === true
  );
}

/** The delay before retry number `attempt + 1`: exponential, capped, 50–100 % jitter. */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'initialDelayMs' | 'backoffFactor' | 'maxDelayMs' | 'random'> = {},
): number {
  const nominal = Math.min(
    options.maxDelayMs ?? 20_000,
    (options.initialDelayMs ?? 1000) * (options.backoffFactor ?? 2) ** attempt,
  );
  return Math.round(nominal * (0.5 + 0.5 * (options.random ?? Math.random)()));
}

/**
 * Runs `operation`, retrying only retryable `ProviderCallError`s with exponential backoff and
 * jitter (each delay is 50–100 % of the nominal one so that many clients do not retry in step).
 * Every other error is rethrown at once; an aborted signal surfaces as `AbortedError`.
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidArgumentError(
      'maxRetries',
      `expected an integer >= 0, got ${String(maxRetries)}`,
    );
  }
  const { initialDelayMs, backoffFactor, maxDelayMs, random } = options;
  const sleep = options.sleep ?? abortableSleep;
  const { abortSignal } = options;

  for (let attempt = 0; ; attempt++) {
    throwIfAborted(abortSignal);
    try {
      return await operation(attempt);
    } catch (error) {
      const normalized = toAbortAwareError(error, abortSignal);
      if (attempt >= maxRetries || !isRetryableError(normalized)) throw normalized;
      const delayMs = backoffDelay(attempt, { initialDelayMs, backoffFactor, maxDelayMs, random });
      options.onRetry?.({ attempt: attempt + 1, delayMs, error: normalized });
      await sleep(delayMs, abortSignal).catch((sleepError: unknown) => {
        throw toAbortAwareError(sleepError, abortSignal);
      });
    }
  }
}
