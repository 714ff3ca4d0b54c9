import { createAnthropicProvider } from '@autoskill/sdk';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { type ChatBody, callLanguageModelUpstream } from './language-model-upstream';
import { upstreamSecrets } from './redact-upstream-text';
import {
  type AnthropicUpstream,
  DEFAULT_DEADLINE_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
} from './upstream';
import { UpstreamDeadline } from './upstream-deadline';
import { passHeaders, type UpstreamResult } from './upstream-result';

const TEXT_ROLES = new Set(['system', 'developer', 'user', 'assistant']);

/**
 * Anthropic as the upstream, through `@autoskill/providers`' Anthropic model (its converter, SDK
 * client, retries and error mapping): text and system messages only (system messages, the
 * skills included, go to `system`); tools, images and tool messages are refused with 400
 * `unsupported` rather than silently dropped. Vendor errors keep their status, scrubbed of the
 * key and of key-looking tokens; the vendor's rate-limit headers (`retry-after`) are passed on.
 * The total deadline covers every attempt and a non-streamed body; a stream's ends at its start.
 */
export async function callAnthropicUpstream(
  upstream: AnthropicUpstream,
  body: ChatBody,
  signal: AbortSignal,
): Promise<UpstreamResult> {
  const refusal = textOnlyRefusal(body);
  if (refusal) return { ok: false, error: refusal, headers: {} };
  if (!upstream.apiKey)
    return {
      ok: false,
      error: new ProxyHttpError(
        401,
        `${upstream.provider}: the upstream has no API key (set ANTHROPIC_API_KEY or --llm-api-key).`,
        'upstream_error',
        'authentication_error',
      ),
      headers: {},
    };
  const secrets = upstreamSecrets(upstream.apiKey, upstream.headers);
  const deadlineMs = upstream.deadlineMs ?? DEFAULT_DEADLINE_MS;
  // The headers of the vendor's last response (the provider's own fetch records them).
  let seen: Record<string, string> = {};
  const model = createAnthropicProvider({
    apiKey: upstream.apiKey,
    baseUrl: upstream.baseUrl,
    ...(upstream.headers ? { headers: upstream.headers } : {}),
    // A non-streamed answer's head comes with the whole answer: it may take the whole deadline.
    timeoutMs:
      upstream.headersTimeoutMs ?? (body.stream === true ? DEFAULT_HEADERS_TIMEOUT_MS : deadlineMs),
    streamIdleTimeoutMs: upstream.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxRetries: upstream.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(upstream.defaultMaxTokens ? { defaultMaxTokens: upstream.defaultMaxTokens } : {}),
    env: {},
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen = passHeaders(Object.fromEntries(response.headers), secrets);
      return response;
    },
  }).languageModel(typeof body.model === 'string' ? body.model : upstream.model);
  const deadline = new UpstreamDeadline(signal, deadlineMs);
  const result = await callLanguageModelUpstream(model, body, signal, { deadline, secrets });
  return { ...result, headers: { ...seen, ...result.headers } };
}

/** The 400 `unsupported` for what the text-only translation cannot carry, if anything. */
function textOnlyRefusal(body: ChatBody): ProxyHttpError | undefined {
  const unsupported = (what: string) =>
    new ProxyHttpError(
      400,
      `The Anthropic upstream of this proxy supports text chat only; ${what} cannot be translated.`,
      'unsupported',
      'invalid_request_error',
    );
  if (Array.isArray(body.tools) && body.tools.length > 0) return unsupported('"tools"');
  for (const message of body.messages) {
    const part = Array.isArray(message.content)
      ? message.content.find((entry) => entry.type !== 'text')
      : undefined;
    if (part) return unsupported(`"${part.type}" content parts`);
    if (!TEXT_ROLES.has(message.role)) return unsupported(`"${message.role}" messages`);
  }
  return undefined;
}
