import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { headerValue } from '../edge/header-value';
import { ProxyHttpError } from '../edge/proxy-http-error';
import type { UpstreamResponse } from './node-transport';
import { redactUpstreamText } from './redact-upstream-text';
import { UpstreamUnavailableError } from './upstream-unavailable-error';

/** What an upstream call produced, already in OpenAI's wire format. */
export type UpstreamResult =
  | { ok: true; kind: 'json'; body: Record<string, unknown>; headers: Record<string, string> }
  | {
      ok: true;
      kind: 'stream';
      /** OpenAI SSE bytes (Node stream: the relay writes them to the client as they come). */
      stream: Readable;
      headers: Record<string, string>;
    }
  | { ok: false; error: ProxyHttpError; headers: Record<string, string> };

// An error body is read this far at most (an endless one is cut there).
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Response headers worth passing back to the client (rate limits, request ids), with anything
 * that looks like a key (and the exact `secrets`) scrubbed from their values.
 */
export function passHeaders(
  headers: IncomingHttpHeaders,
  secrets: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key in headers) {
    const value = headerValue(headers, key);
    if (
      value !== undefined &&
      (key.startsWith('x-ratelimit-') ||
        key === 'retry-after' ||
        key === 'x-request-id' ||
        key === 'openai-processing-ms')
    )
      kept[key] = redactUpstreamText(value, secrets);
  }
  return kept;
}

/**
 * An upstream error response → OpenAI's error shape with the upstream's status (never a 200).
 * Its body is read up to 64 KB, and given up on (the status stands) when it stalls for
 * `idleTimeoutMs` or the call's signal aborts.
 */
export async function upstreamError(
  response: UpstreamResponse,
  vendor: string,
  secrets: readonly string[],
  idleTimeoutMs: number,
): Promise<ProxyHttpError> {
  const text = await response.text(MAX_ERROR_BODY_BYTES, idleTimeoutMs).catch(() => '');
  return vendorError(response.status, text, vendor, secrets, response.statusText);
}

/**
 * A vendor's error body (OpenAI's `{error: {message, type, code, param}}`, Anthropic's
 * `{type: 'error', error: {type, message}}`, or any text) as the proxy's error with that status.
 * Everything taken from the vendor is scrubbed of `secrets` and of key-looking tokens first:
 * vendors echo the key they were sent ("Incorrect API key provided: …").
 */
export function vendorError(
  status: number,
  text: string,
  vendor: string,
  secrets: readonly string[],
  statusText = '',
): ProxyHttpError {
  const clean = (value: string) => redactUpstreamText(value, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: unknown } | undefined)?.error;
  if (typeof error === 'object' && error !== null) {
    const fields = error as { message?: unknown; type?: unknown; code?: unknown; param?: unknown };
    return new ProxyHttpError(
      status,
      typeof fields.message === 'string'
        ? clean(fields.message)
        : `${vendor} returned HTTP ${status}`,
      typeof fields.code === 'string'
        ? clean(fields.code)
        : fields.code === null || fields.code === undefined
          ? 'upstream_error'
          : clean(String(fields.code)),
      typeof fields.type === 'string' ? clean(fields.type) : 'upstream_error',
      typeof fields.param === 'string' ? clean(fields.param) : null,
    );
  }
  // Scrubbed before it is cut: a key cut in half would no longer be recognised.
  const message =
    typeof error === 'string'
      ? clean(error)
      : clean(text.trim()).slice(0, 500) || clean(statusText);
  return new ProxyHttpError(
    status,
    `${vendor} returned HTTP ${status}: ${message}`,
    'upstream_error',
    'upstream_error',
  );
}

/** A failure to get any response → 504 (timeout), 502 (unreachable) or 499 (client went away). */
export function unavailableError(error: unknown): ProxyHttpError {
  if (error instanceof UpstreamUnavailableError) {
    if (error.reason === 'timeout')
      return new ProxyHttpError(504, error.message, 'upstream_timeout', 'upstream_error');
    if (error.reason === 'aborted')
      return new ProxyHttpError(499, error.message, 'client_closed_request');
    return new ProxyHttpError(502, error.message, 'upstream_unreachable', 'upstream_error');
  }
  throw error;
}
