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
import { redactUpstreamText } from './redact-upstream-text';
import type { UpstreamDeadline } from './upstream-deadline';
import { type UpstreamResult, unavailableError, vendorError } from './upstream-result';

/** An OpenAI chat body with its messages typed. */
export type ChatBody = Record<string, unknown> & { messages: ChatMessage[] };

/** What a vendor-backed model call adds: its clock and the secrets to keep out of its errors. */
export interface LanguageModelCallLimits {
  /** The request's clock (its `signal` is the call's abort signal); stopped at a stream's start. */
  deadline?: UpstreamDeadline;
  /** Exact values scrubbed from every error (besides key-looking tokens). */
  secrets?: readonly string[];
}

/**
 * Answers an OpenAI chat body from a `LanguageModel` (the offline runtime model, or a provider's
 * model such as Anthropic's) in OpenAI's format: a `chat.completion`, or `chat.completion.chunk`
 * SSE. Errors before the answer starts come back as an error with the vendor's status (never a
 * 200 stream); a stream that breaks off later errors the stream (the relay ends it with an
 * OpenAI error event). With a deadline, a call still unanswered when it passes is a 504 (a
 * stream's deadline ends when the stream starts). Vendor text in errors is scrubbed of keys.
 */
export async function callLanguageModelUpstream(
  model: LanguageModel,
  body: ChatBody,
  signal: AbortSignal,
  limits: LanguageModelCallLimits = {},
): Promise<UpstreamResult> {
  const { deadline } = limits;
  const secrets = limits.secrets ?? [];
  const modelName = typeof body.model === 'string' ? body.model : model.modelId;
  const call = callOptions(body, deadline?.signal ?? signal);
  // Once a stream has started its deadline is over, but the client may still abort it.
  let streaming = false;
  try {
    if (body.stream !== true) {
      const pending = model.doGenerate(call);
      const result = await (deadline ? deadline.race(pending) : pending);
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
    const started = model.doStream(call);
    const { stream: parts } = await (deadline ? deadline.race(started) : started);
    deadline?.stop();
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
          // The relay puts this message in the stream's error event: no vendor secret in it.
          controller.error(new Error(redactUpstreamText(messageOf(error), secrets)));
        }
      },
    });
    streaming = true;
    return { ok: true, kind: 'stream', stream: fromWebStream(stream), headers: {} };
  } catch (error) {
    if (deadline?.expired)
      return { ok: false, error: unavailableError(deadline.failure()), headers: {} };
    return { ok: false, error: modelError(error, secrets), headers: {} };
  } finally {
    if (!streaming) deadline?.dispose();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
 * message and type (from the provider's key-free copy of the body, scrubbed again of `secrets`
 * and key-looking tokens); no response at all is a 504 (timeout) or 502; a client that left is
 * a 499.
 */
export function modelError(error: unknown, secrets: readonly string[]): ProxyHttpError {
  if (AutoSkillError.hasCode(error, 'ABORTED')) return clientClosedRequest();
  const clean = (message: string) => redactUpstreamText(message, secrets);
  if (AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR')) {
    const failure = error as ProviderCallError;
    if (failure.statusCode !== undefined)
      return failure.responseBody === undefined
        ? new ProxyHttpError(
            failure.statusCode,
            clean(failure.message),
            'upstream_error',
            'upstream_error',
          )
        : vendorError(failure.statusCode, failure.responseBody, failure.provider, secrets);
    const timedOut = failure.message.endsWith('(timeout)');
    return new ProxyHttpError(
      timedOut ? 504 : 502,
      clean(failure.message),
      timedOut ? 'upstream_timeout' : 'upstream_unreachable',
      'upstream_error',
    );
  }
  return new ProxyHttpError(
    502,
    clean(`chat model failed: ${messageOf(error)}`),
    'upstream_error',
    'upstream_error',
  );
}
