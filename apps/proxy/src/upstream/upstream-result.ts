import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { headerValue } from '../edge/header-value';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { UpstreamUnavailableError } from './fetch-upstream';
import type { UpstreamResponse } from './node-transport';

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

/** Response headers worth passing back to the client (rate limits, request ids). */
export function passHeaders(headers: IncomingHttpHeaders): Record<string, string> {
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
      kept[key] = value;
  }
  return kept;
}

/** An upstream error response → OpenAI's error shape with the upstream's status (never a 200). */
export async function upstreamError(
  response: UpstreamResponse,
  vendor: string,
): Promise<ProxyHttpError> {
  const text = await response.text(64 * 1024).catch(() => '');
  return vendorError(response.status, text, vendor, response.statusText);
}

/**
 * A vendor's error body (OpenAI's `{error: {message, type, code, param}}`, Anthropic's
 * `{type: 'error', error: {type, message}}`, or any text) as the proxy's error with that status.
 */
export function vendorError(
  status: number,
  text: string,
  vendor: string,
  statusText = '',
): ProxyHttpError {
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
      typeof fields.message === 'string' ? fields.message : `${vendor} returned HTTP ${status}`,
      typeof fields.code === 'string'
        ? fields.code
        : fields.code === null || fields.code === undefined
          ? 'upstream_error'
          : String(fields.code),
      typeof fields.type === 'string' ? fields.type : 'upstream_error',
      typeof fields.param === 'string' ? fields.param : null,
    );
  }
  const message = typeof error === 'string' ? error : text.trim().slice(0, 500) || statusText;
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
