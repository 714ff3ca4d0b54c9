import { headerValue } from '../edge/header-value';
import { HeadersTimeoutError, postOnce, type UpstreamResponse } from './node-transport';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_RETRIES, type UpstreamTimeouts } from './upstream';

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborts the upstream request (wired to the client's connection). */
  signal: AbortSignal;
}

/** Why no response could be obtained: a timeout, a network failure or the client going away. */
export class UpstreamUnavailableError extends Error {
  override name = 'UpstreamUnavailableError';
  constructor(
    message: string,
    readonly reason: 'timeout' | 'network' | 'aborted',
  ) {
    super(message);
  }
}

/**
 * POSTs to the upstream. Retries (with backoff, honouring a short `Retry-After`) on network errors
 * and retryable statuses — only before any byte of the answer was passed on, so retries are safe.
 * Returns the last response (maybe an error status). The body's abort is tied to `signal`.
 */
export async function fetchUpstream(
  request: UpstreamRequest,
  timeouts: UpstreamTimeouts = {},
): Promise<UpstreamResponse> {
  const maxRetries = timeouts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const headersTimeout = timeouts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    if (request.signal.aborted)
      throw new UpstreamUnavailableError('the client closed the connection', 'aborted');
    let response: UpstreamResponse;
    try {
      // The response keeps listening to the client's signal until it is consumed.
      response = await postOnce(
        request.url,
        request.headers,
        request.body,
        request.signal,
        headersTimeout,
      );
    } catch (error) {
      if (request.signal.aborted)
        throw new UpstreamUnavailableError('the client closed the connection', 'aborted');
      const failure =
        error instanceof HeadersTimeoutError
          ? new UpstreamUnavailableError(
              `upstream sent no response within ${headersTimeout} ms`,
              'timeout',
            )
          : new UpstreamUnavailableError(`upstream unreachable: ${describe(error)}`, 'network');
      if (attempt >= maxRetries) throw failure;
      await sleep(backoff(attempt), request.signal);
      continue;
    }
    const wait =
      RETRYABLE.has(response.status) && attempt < maxRetries
        ? (retryAfter(response) ?? backoff(attempt))
        : undefined;
    // A long Retry-After is the caller's business: pass the error on instead of holding the client.
    if (wait !== undefined && wait <= 10_000) {
      response.discard();
      await sleep(wait, request.signal);
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

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new UpstreamUnavailableError('the client closed the connection', 'aborted'));
    }
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
