import { headerValue } from '../edge/header-value';
import { HeadersTimeoutError, postOnce, type UpstreamResponse } from './node-transport';
import type { UpstreamDeadline } from './upstream-deadline';
import { UpstreamUnavailableError } from './upstream-unavailable-error';

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The client's abort and the total deadline (every attempt and wait listens to it). */
  deadline: UpstreamDeadline;
}

/** How long one attempt may wait for its head, and how many retries follow. */
export interface AttemptLimits {
  headersTimeoutMs: number;
  maxRetries: number;
}

/**
 * POSTs to the upstream. Retries (with backoff, honouring a short `Retry-After`) on network errors
 * and retryable statuses — only before any byte of the answer was passed on, so retries are safe
 * — and only when the wait ends before the deadline (else the last error stands). Returns the last
 * response (maybe an error status); throws `UpstreamUnavailableError` when there is none. The
 * response keeps listening to the deadline's signal until it is consumed.
 */
export async function fetchUpstream(
  request: UpstreamRequest,
  limits: AttemptLimits,
): Promise<UpstreamResponse> {
  const { deadline } = request;
  for (let attempt = 0; ; attempt++) {
    if (deadline.signal.aborted) throw deadline.failure();
    let response: UpstreamResponse;
    try {
      response = await postOnce(
        request.url,
        request.headers,
        request.body,
        deadline.signal,
        limits.headersTimeoutMs,
      );
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.failure();
      const failure =
        error instanceof HeadersTimeoutError
          ? new UpstreamUnavailableError(
              `upstream sent no response within ${limits.headersTimeoutMs} ms`,
              'timeout',
            )
          : new UpstreamUnavailableError(`upstream unreachable: ${describe(error)}`, 'network');
      const wait = backoff(attempt);
      if (attempt >= limits.maxRetries || wait >= deadline.remaining()) throw failure;
      await sleep(wait, deadline);
      continue;
    }
    const wait =
      RETRYABLE.has(response.status) && attempt < limits.maxRetries
        ? (retryAfter(response) ?? backoff(attempt))
        : undefined;
    // A long Retry-After is the caller's business: pass the error on instead of holding the client.
    if (wait !== undefined && wait <= 10_000 && wait < deadline.remaining()) {
      response.discard();
      await sleep(wait, deadline);
      continue;
    }
    return response;
  }
}

function backoff(attempt: number): number {
  return Math.min(4000, 200 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
}

function retryAfter(response: UpstreamResponse): number | undefined {
  const header = headerValue(response.headers, 'retry-after-ms');
  if (header && /^\d+$/.test(header)) return Number(header);
  const seconds = headerValue(response.headers, 'retry-after');
  if (seconds && /^\d+(\.\d+)?$/.test(seconds)) return Number(seconds) * 1000;
  return undefined;
}

function sleep(milliseconds: number, deadline: UpstreamDeadline): Promise<void> {
  const { signal } = deadline;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(deadline.failure());
    }
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
