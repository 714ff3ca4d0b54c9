import { glmBearerToken } from '@autoskill/sdk';
import { headerValue } from '../edge/header-value';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { collectCompletion, StreamedErrorEvent } from './collect-completion';
import { fetchUpstream } from './fetch-upstream';
import { BodyIdleTimeoutError, BodyTooLargeError, type UpstreamResponse } from './node-transport';
import { redactStream } from './redact-stream';
import { redactSecretValues, redactUpstreamText, upstreamSecrets } from './redact-upstream-text';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  type OpenAIUpstream,
} from './upstream';
import { UpstreamDeadline } from './upstream-deadline';
import {
  passHeaders,
  type UpstreamResult,
  unavailableError,
  upstreamError,
  vendorError,
} from './upstream-result';

// A non-streamed answer is read this far at most: decoding and parsing it blocks the event loop
// for ~0.1 s per 10 MB (an endless 128 MB body held every client for 1.5 s). A chat completion is
// far smaller; an embeddings list of 2,048 × 3,072 floats as JSON is ~130 MB.
const MAX_ANSWER_BYTES = {
  '/chat/completions': 16 * 1024 * 1024,
  '/embeddings': 256 * 1024 * 1024,
} as const;

/**
 * Sends an OpenAI chat body to an OpenAI-compatible vendor as is. Streams come back as the
 * vendor's own SSE bytes (tool-call deltas, usage chunk and all), minus any secret. The call
 * has a total deadline (`deadlineMs`): for a streamed answer up to its first byte, otherwise up
 * to the whole body; a body that goes silent for `idleTimeoutMs` ends it too (504 either way).
 * Whatever the vendor says in an error is scrubbed of the key it was sent and of key-looking
 * tokens before it reaches the client.
 */
export async function callOpenAIUpstream(
  upstream: OpenAIUpstream,
  path: '/chat/completions' | '/embeddings',
  body: Record<string, unknown>,
  options: { signal: AbortSignal; clientAuthorization?: string | undefined },
): Promise<UpstreamResult> {
  const streamed = body.stream === true;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: streamed ? 'text/event-stream' : 'application/json',
    ...upstream.headers,
  };
  const authorization = upstream.apiKey
    ? `Bearer ${upstreamToken(upstream.provider, upstream.apiKey)}`
    : options.clientAuthorization;
  if (authorization) headers.authorization = authorization;
  const secrets = upstreamSecrets(upstream.apiKey, authorization, upstream.headers);
  const deadlineMs = upstream.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const idleTimeoutMs = upstream.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const deadline = new UpstreamDeadline(options.signal, deadlineMs);
  let response: UpstreamResponse;
  try {
    response = await fetchUpstream(
      {
        url: `${upstream.baseUrl.replace(/\/+$/, '')}${path}`,
        headers,
        body: JSON.stringify(body),
        deadline,
      },
      {
        // A non-streamed answer's head comes with the whole answer: it may take the whole deadline.
        headersTimeoutMs:
          upstream.headersTimeoutMs ?? (streamed ? DEFAULT_HEADERS_TIMEOUT_MS : deadlineMs),
        maxRetries: upstream.maxRetries ?? DEFAULT_MAX_RETRIES,
      },
    );
  } catch (error) {
    deadline.dispose();
    return { ok: false, error: unavailableError(error), headers: {} };
  }
  const kept = passHeaders(response.headers, secrets);
  const contentType = headerValue(response.headers, 'content-type') ?? '';
  if (response.ok && streamed && contentType.includes('text/event-stream')) {
    // The first byte is here: the relay's idle timeout guards the rest.
    deadline.stop();
    return {
      ok: true,
      kind: 'stream',
      stream: redactStream(response.incoming, secrets),
      headers: kept,
    };
  }
  try {
    if (!response.ok)
      return {
        ok: false,
        error: await upstreamError(response, upstream.provider, secrets, idleTimeoutMs),
        headers: kept,
      };
    if (contentType.includes('text/event-stream')) {
      // A stream for a request that did not ask for one: collected into one completion.
      const completion = await collectCompletion(response.incoming, {
        idleTimeoutMs,
        maxBytes: MAX_ANSWER_BYTES[path],
      });
      return { ok: true, kind: 'json', body: completion, headers: kept };
    }
    const text = await response.text(MAX_ANSWER_BYTES[path], idleTimeoutMs, 'fail');
    const json = parseObject(redactSecretValues(text, secrets), upstream.provider, secrets);
    if (json instanceof ProxyHttpError) return { ok: false, error: json, headers: kept };
    return { ok: true, kind: 'json', body: json, headers: kept };
  } catch (error) {
    return {
      ok: false,
      error: bodyFailure(error, deadline, upstream.provider, secrets),
      headers: kept,
    };
  } finally {
    deadline.dispose();
  }
}

/** The bearer token for the vendor's key: GLM wants an `id.secret` key as its signed JWT. */
function upstreamToken(provider: string, apiKey: string): string {
  return provider === 'glm' ? glmBearerToken(apiKey) : apiKey;
}

/** A JSON object body, or the 502 saying what it is instead. */
function parseObject(
  text: string,
  vendor: string,
  secrets: readonly string[],
): Record<string, unknown> | ProxyHttpError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in its message: vendor text, so scrubbed.
    return upstreamFailure(
      502,
      `${vendor} sent a response that is not JSON: ${redactUpstreamText((error as Error).message, secrets)}`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return upstreamFailure(502, `${vendor} sent a JSON response that is not an object`);
  return json as Record<string, unknown>;
}

/** Why reading an answer's body failed, as the client's error. */
function bodyFailure(
  error: unknown,
  deadline: UpstreamDeadline,
  vendor: string,
  secrets: readonly string[],
): ProxyHttpError {
  if (deadline.signal.aborted) return unavailableError(deadline.failure());
  if (error instanceof BodyIdleTimeoutError)
    return new ProxyHttpError(504, error.message, 'upstream_timeout', 'upstream_error');
  if (error instanceof StreamedErrorEvent) return vendorError(502, error.data, vendor, secrets);
  if (error instanceof BodyTooLargeError) return upstreamFailure(502, error.message);
  const code = (error as { code?: unknown }).code;
  const detail = typeof code === 'string' ? code : (error as Error).message;
  return upstreamFailure(
    502,
    `${vendor} broke off its answer: ${redactUpstreamText(String(detail), secrets)}`,
  );
}

function upstreamFailure(status: number, message: string): ProxyHttpError {
  return new ProxyHttpError(status, message, 'upstream_error', 'upstream_error');
}
