import { type ChatMessage, messageText } from '@autoskill/core';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { SseParser } from '../sse/sse-parser';
import { fetchUpstream } from './fetch-upstream';
import { fromWebStream } from './from-web-stream';
import type { UpstreamResponse } from './node-transport';
import { ChunkWriter, chatCompletion, openAIFinishReason, openAIUsage } from './openai-format';
import type { AnthropicUpstream } from './upstream';
import {
  passHeaders,
  type UpstreamResult,
  unavailableError,
  upstreamError,
} from './upstream-result';

const ANTHROPIC_VERSION = '2023-06-01';

/**
 * OpenAI chat → Anthropic Messages and back, minimally: text and system messages only. Tools,
 * images and tool messages are refused with 400 `unsupported` rather than silently dropped.
 */
export async function callAnthropicUpstream(
  upstream: AnthropicUpstream,
  body: Record<string, unknown> & { messages: ChatMessage[] },
  signal: AbortSignal,
): Promise<UpstreamResult> {
  let request: Record<string, unknown>;
  try {
    request = toAnthropicRequest(upstream, body);
  } catch (error) {
    return { ok: false, error: error as ProxyHttpError, headers: {} };
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...upstream.headers,
  };
  if (upstream.apiKey) headers['x-api-key'] = upstream.apiKey;
  let response: UpstreamResponse;
  try {
    response = await fetchUpstream(
      {
        url: `${upstream.baseUrl.replace(/\/+$/, '')}/v1/messages`,
        headers,
        body: JSON.stringify(request),
        signal,
      },
      upstream,
    );
  } catch (error) {
    return { ok: false, error: unavailableError(error), headers: {} };
  }
  const kept = passHeaders(response.headers);
  if (!response.ok)
    return { ok: false, error: await upstreamError(response, upstream.provider), headers: kept };
  const model = String(request.model);
  if (request.stream !== true) {
    const message = (await response.json()) as AnthropicMessage;
    const text = (message.content ?? [])
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    return {
      ok: true,
      kind: 'json',
      body: chatCompletion({
        model: message.model ?? model,
        text,
        finishReason: openAIFinishReason(message.stop_reason),
        usage: openAIUsage({
          inputTokens: message.usage?.input_tokens,
          outputTokens: message.usage?.output_tokens,
        }),
      }),
      headers: kept,
    };
  }
  const includeUsage =
    (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  return {
    ok: true,
    kind: 'stream',
    stream: fromWebStream(translateStream(response.body, model, includeUsage)),
    headers: kept,
  };
}

/** The fields of Anthropic stream events the translation reads. */
interface AnthropicStreamEvent {
  type?: string;
  message?: { usage?: { input_tokens?: number } };
  delta?: { type?: string; text?: string; stop_reason?: string };
  usage?: { output_tokens?: number };
  error?: { message?: string };
}

interface AnthropicMessage {
  model?: string;
  content?: Array<{ type: string; text?: string }>;
  stop_reason?: string;
  usage?: { input_tokens?: number; output_tokens?: number };
}

function toAnthropicRequest(
  upstream: AnthropicUpstream,
  body: Record<string, unknown> & { messages: ChatMessage[] },
): Record<string, unknown> {
  const unsupported = (what: string) =>
    new ProxyHttpError(
      400,
      `The Anthropic upstream of this proxy supports text chat only; ${what} cannot be translated.`,
      'unsupported',
      'invalid_request_error',
    );
  if (Array.isArray(body.tools) && body.tools.length > 0) throw unsupported('"tools"');
  const system: string[] = [];
  const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  for (const message of body.messages) {
    if (Array.isArray(message.content) && message.content.some((part) => part.type !== 'text'))
      throw unsupported(
        `"${message.content.find((part) => part.type !== 'text')?.type}" content parts`,
      );
    const text = messageText(message);
    if (message.role === 'system' || message.role === 'developer') {
      if (text) system.push(text);
      continue;
    }
    if (message.role !== 'user' && message.role !== 'assistant')
      throw unsupported(`"${message.role}" messages`);
    if (!text) continue;
    const last = messages.at(-1);
    if (last && last.role === message.role) last.content += `\n\n${text}`;
    else messages.push({ role: message.role as 'user' | 'assistant', content: text });
  }
  const stop =
    typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
  const maxTokens =
    body.max_completion_tokens ?? body.max_tokens ?? upstream.defaultMaxTokens ?? 4096;
  const requested = typeof body.model === 'string' ? body.model : undefined;
  return {
    model: requested ?? upstream.model,
    max_tokens: maxTokens,
    messages,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(typeof body.temperature === 'number' ? { temperature: Math.min(1, body.temperature) } : {}),
    ...(typeof body.top_p === 'number' ? { top_p: body.top_p } : {}),
    ...(stop ? { stop_sequences: stop } : {}),
    ...(body.stream === true ? { stream: true } : {}),
  };
}

function translateStream(
  source: ReadableStream<Uint8Array>,
  model: string,
  includeUsage: boolean,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const parser = new SseParser();
  let writer: ChunkWriter;
  let inputTokens = 0;
  let outputTokens = 0;
  let finish = 'stop';
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      writer = new ChunkWriter(model, controller);
      writer.role();
    },
    async pull(controller) {
      // A pull that enqueues nothing is not repeated by the stream machinery: loop until it does.
      const before = controller.desiredSize;
      for (;;) {
        const more = await step(controller);
        if (!more || controller.desiredSize !== before) return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });

  async function step(controller: ReadableStreamDefaultController<Uint8Array>): Promise<boolean> {
    const { done, value } = await reader.read();
    const events = done ? parser.end() : parser.push(value);
    for (const event of events) {
      let data: AnthropicStreamEvent;
      try {
        data = JSON.parse(event.data);
      } catch {
        continue;
      }
      const type = event.event ?? data.type;
      if (type === 'message_start') inputTokens = data.message?.usage?.input_tokens ?? 0;
      else if (type === 'content_block_delta' && data.delta?.type === 'text_delta')
        writer.text(String(data.delta.text ?? ''));
      else if (type === 'message_delta') {
        finish = openAIFinishReason(data.delta?.stop_reason);
        outputTokens = data.usage?.output_tokens ?? outputTokens;
      } else if (type === 'error') throw new Error(data.error?.message ?? 'Anthropic stream error');
      else if (type === 'message_stop' && !finished) {
        finished = true;
        writer.finish(finish);
        if (includeUsage) writer.usage(openAIUsage({ inputTokens, outputTokens }));
        writer.done();
      }
    }
    if (done) {
      if (!finished) throw new Error('Anthropic stream ended before message_stop');
      controller.close();
      return false;
    }
    return true;
  }
}
