/** Default longest silence inside a stream (reasoning models may think for minutes). */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

/**
 * Yields from `iterable`, but fails with `onTimeout()` when no item arrives for `timeoutMs`
 * (the SDK timeouts stop at the response headers, so a stalled stream would hang forever).
 * `cancel` aborts the underlying request on timeout or when the consumer stops early.
 */
export async function* readWithIdleTimeout<T>(
  iterable: AsyncIterable<T>,
  options: { timeoutMs: number; onTimeout: () => Error; cancel: () => void },
): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      const next = iterator.next();
      // If the timeout wins, this promise rejects later (after cancel): never unhandled.
      next.catch(() => {});
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(options.onTimeout()), options.timeoutMs);
      });
      let result: IteratorResult<T>;
      try {
        result = await Promise.race([next, timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) options.cancel();
  }
}
