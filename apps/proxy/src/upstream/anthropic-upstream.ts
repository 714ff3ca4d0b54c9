import { createAnthropicProvider } from '@autoskill/sdk';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { toAnthropicRequest } from './anthropic-request';
import { anthropicToCompletion } from './anthropic-response';
import { writeAnthropicStream } from './anthropic-stream';
import { fromWebStream } from './from-web-stream';
import { type ChatBody, messageOf, modelError } from './language-model-upstream';
import { ChunkWriter } from './openai-format';
import { redactUpstreamText, upstreamSecrets } from './redact-upstream-text';
import {
  type AnthropicUpstream,
  DEFAULT_DEADLINE_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
} from './upstream';
import { UpstreamDeadline } from './upstream-deadline';
import { passHeaders, type UpstreamResult, unavailableError } from './upstream-result';

/**
 * Anthropic as the upstream, through `@autoskill/providers`' Anthropic model (its SDK client,
 * retries and error mapping). The OpenAI chat body is translated whole — system messages (the
 * skills included) to `system`, tools, tool calls, tool results and images both ways, streamed
 * tool calls too (anthropic-request.ts, anthropic-response.ts, anthropic-stream.ts). Vendor
 * errors keep their status, scrubbed of the key and of key-looking tokens; the vendor's
 * rate-limit headers (`retry-after`) are passed on. The total deadline covers every attempt and
 * a non-streamed body; a stream's ends at its start.
 */
export async function callAnthropicUpstream(
  upstream: AnthropicUpstream,
  body: ChatBody,
  signal: AbortSignal,
): Promise<UpstreamResult> {
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
  const defaultMaxTokens = upstream.defaultMaxTokens ?? 4096;
  let request: Record<string, unknown>;
  try {
    request = toAnthropicRequest(body, defaultMaxTokens);
  } catch (error) {
    if (error instanceof ProxyHttpError) return { ok: false, error, headers: {} };
    throw error;
  }
  const secrets = upstreamSecrets(upstream.apiKey, upstream.headers);
  const deadlineMs = upstream.deadlineMs ?? DEFAULT_DEADLINE_MS;
  // The headers of the vendor's last response (the provider's own fetch records them).
  let seen: Record<string, string> = {};
  const modelName = typeof body.model === 'string' ? body.model : upstream.model;
  const model = createAnthropicProvider({
    apiKey: upstream.apiKey,
    baseUrl: upstream.baseUrl,
    ...(upstream.headers ? { headers: upstream.headers } : {}),
    // A non-streamed answer's head comes with the whole answer: it may take the whole deadline.
    timeoutMs:
      upstream.headersTimeoutMs ?? (body.stream === true ? DEFAULT_HEADERS_TIMEOUT_MS : deadlineMs),
    streamIdleTimeoutMs: upstream.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxRetries: upstream.maxRetries ?? DEFAULT_MAX_RETRIES,
    defaultMaxTokens,
    env: {},
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen = passHeaders(Object.fromEntries(response.headers), secrets);
      return response;
    },
  }).languageModel(modelName);
  const deadline = new UpstreamDeadline(signal, deadlineMs);
  let streaming = false;
  try {
    if (body.stream !== true) {
      const message = await deadline.race(model.createMessage(request, deadline.signal));
      return {
        ok: true,
        kind: 'json',
        body: anthropicToCompletion(message, modelName),
        headers: seen,
      };
    }
    const events = await deadline.race(model.streamMessage(request, deadline.signal));
    deadline.stop();
    const includeUsage =
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          const writer = new ChunkWriter(modelName, controller);
          await writeAnthropicStream(events, writer, {
            includeUsage,
            provider: upstream.provider,
          });
          controller.close();
        } catch (error) {
          // The relay puts this message in the stream's error event: no vendor secret in it.
          controller.error(new Error(redactUpstreamText(messageOf(error), secrets)));
        }
      },
    });
    streaming = true;
    return { ok: true, kind: 'stream', stream: fromWebStream(stream), headers: seen };
  } catch (error) {
    const failure = deadline.expired
      ? unavailableError(deadline.failure())
      : modelError(error, secrets);
    return { ok: false, error: failure, headers: seen };
  } finally {
    if (!streaming) deadline.dispose();
  }
}
