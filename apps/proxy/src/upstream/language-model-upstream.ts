import {
  AutoSkillError,
  type ChatMessage,
  type LanguageModel,
  type LanguageModelCallOptions,
  type ProviderCallError,
} from '@autoskill/core';
import { clientClosedRequest, ProxyHttpError } from '../edge/proxy-http-error';
import { fromWebStream } from './from-web-stream';
import { ChunkWriter, chatCompletion, openAIFinishReason, openAIUsage } from './openai-format';
import { type UpstreamResult, vendorError } from './upstream-result';

/** An OpenAI chat body with its messages typed. */
export type ChatBody = Record<string, unknown> & { messages: ChatMessage[] };

/**
 * Answers an OpenAI chat body from a `LanguageModel` (the offline runtime model, or a provider's
 * model such as Anthropic's) in OpenAI's format: a `chat.completion`, or `chat.completion.chunk`
 * SSE. Errors before the answer starts come back as an error with the vendor's status (never a
 * 200 stream); a stream that breaks off later errors the stream (the relay ends it with an
 * OpenAI error event).
 */
export async function callLanguageModelUpstream(
  model: LanguageModel,
  body: ChatBody,
  signal: AbortSignal,
): Promise<UpstreamResult> {
  const modelName = typeof body.model === 'string' ? body.model : model.modelId;
  const call = callOptions(body, signal);
  try {
    if (body.stream !== true) {
      const result = await model.doGenerate(call);
      return {
        ok: true,
        kind: 'json',
        body: chatCompletion({
          model: modelName,
          text: result.text,
          finishReason: openAIFinishReason(result.finishReason),
          usage: openAIUsage(result.usage),
        }),
        headers: {},
      };
    }
    const { stream: parts } = await model.doStream(call);
    const includeUsage =
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const writer = new ChunkWriter(modelName, controller);
        try {
          writer.role();
          for await (const part of parts) {
            if (part.type === 'text-delta') writer.text(part.delta);
            else if (part.type === 'error') throw part.error;
            else if (part.type === 'finish') {
              writer.finish(openAIFinishReason(part.finishReason));
              if (includeUsage) writer.usage(openAIUsage(part.usage));
            }
          }
          writer.done();
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return { ok: true, kind: 'stream', stream: fromWebStream(stream), headers: {} };
  } catch (error) {
    return { ok: false, error: modelError(error), headers: {} };
  }
}

/** The call options of an OpenAI chat body (the fields a `LanguageModel` understands). */
function callOptions(body: ChatBody, signal: AbortSignal): LanguageModelCallOptions {
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop =
    typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
  return {
    messages: body.messages,
    ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
    ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
    ...(stop ? { stop: stop.map(String) } : {}),
    ...(typeof body.top_p === 'number' ? { providerOptions: { top_p: body.top_p } } : {}),
    abortSignal: signal,
  };
}

/**
 * A model's failure in OpenAI's error shape: a vendor's HTTP error keeps its status and its own
 * message and type (from the provider's key-free copy of the body); no response at all is a 504
 * (timeout) or 502; a client that left is a 499.
 */
function modelError(error: unknown): ProxyHttpError {
  if (AutoSkillError.hasCode(error, 'ABORTED')) return clientClosedRequest();
  if (AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR')) {
    const failure = error as ProviderCallError;
    if (failure.statusCode !== undefined)
      return failure.responseBody === undefined
        ? new ProxyHttpError(
            failure.statusCode,
            failure.message,
            'upstream_error',
            'upstream_error',
          )
        : vendorError(failure.statusCode, failure.responseBody, failure.provider);
    const timedOut = failure.message.endsWith('(timeout)');
    return new ProxyHttpError(
      timedOut ? 504 : 502,
      failure.message,
      timedOut ? 'upstream_timeout' : 'upstream_unreachable',
      'upstream_error',
    );
  }
  return new ProxyHttpError(
    502,
    `chat model failed: ${(error as Error).message}`,
    'upstream_error',
    'upstream_error',
  );
}
