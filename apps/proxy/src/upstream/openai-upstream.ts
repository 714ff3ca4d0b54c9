import { headerValue } from '../edge/header-value';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { fetchUpstream } from './fetch-upstream';
import type { UpstreamResponse } from './node-transport';
import type { OpenAIUpstream } from './upstream';
import {
  passHeaders,
  type UpstreamResult,
  unavailableError,
  upstreamError,
} from './upstream-result';

/**
 * Sends an OpenAI chat body to an OpenAI-compatible vendor as is. Streams come back as the
 * vendor's own SSE bytes (tool-call deltas, usage chunk and all).
 */
export async function callOpenAIUpstream(
  upstream: OpenAIUpstream,
  path: '/chat/completions' | '/embeddings',
  body: Record<string, unknown>,
  options: { signal: AbortSignal; clientAuthorization?: string | undefined },
): Promise<UpstreamResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: body.stream === true ? 'text/event-stream' : 'application/json',
    ...upstream.headers,
  };
  const authorization = upstream.apiKey ? `Bearer ${upstream.apiKey}` : options.clientAuthorization;
  if (authorization) headers.authorization = authorization;
  let response: UpstreamResponse;
  try {
    response = await fetchUpstream(
      {
        url: `${upstream.baseUrl.replace(/\/+$/, '')}${path}`,
        headers,
        body: JSON.stringify(body),
        signal: options.signal,
      },
      upstream,
    );
  } catch (error) {
    return { ok: false, error: unavailableError(error), headers: {} };
  }
  const kept = passHeaders(response.headers);
  if (!response.ok)
    return { ok: false, error: await upstreamError(response, upstream.provider), headers: kept };
  const contentType = headerValue(response.headers, 'content-type') ?? '';
  if (body.stream === true && contentType.includes('text/event-stream')) {
    return { ok: true, kind: 'stream', stream: response.incoming, headers: kept };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    return {
      ok: false,
      error: new ProxyHttpError(
        502,
        `${upstream.provider} sent a response that is not JSON: ${(error as Error).message}`,
        'upstream_error',
        'upstream_error',
      ),
      headers: kept,
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      error: new ProxyHttpError(
        502,
        `${upstream.provider} sent a JSON response that is not an object`,
        'upstream_error',
        'upstream_error',
      ),
      headers: kept,
    };
  }
  return { ok: true, kind: 'json', body: json as Record<string, unknown>, headers: kept };
}
