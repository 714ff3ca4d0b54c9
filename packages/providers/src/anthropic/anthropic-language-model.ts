import type { Anthropic } from '@anthropic-ai/sdk';
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import {
  type LanguageModel,
  type LanguageModelCallOptions,
  type LanguageModelFinishReason,
  type LanguageModelResult,
  type LanguageModelStreamPart,
  type LanguageModelStreamResult,
  type LanguageModelUsage,
  ProviderCallError,
} from '@autoskill/core';
import { callWithRetries } from '../call-with-retries';
import type { ErrorContext } from '../describe-unknown-error';
import { readWithIdleTimeout } from '../read-with-idle-timeout';
import { convertToAnthropicPrompt } from './convert-to-anthropic-messages';
import { mapAnthropicError } from './map-anthropic-error';

export interface AnthropicLanguageModelConfig {
  provider: string;
  client: Anthropic;
  /** `max_tokens` when the call gives none (the API requires one). */
  defaultMaxTokens: number;
  extraBody?: Record<string, unknown>;
  maxRetries: number;
  timeoutMs: number;
  /** Longest silence allowed inside a stream. */
  streamIdleTimeoutMs: number;
  secrets: string[];
}

/** A Claude chat model over the official `@anthropic-ai/sdk` client (Messages API). */
export class AnthropicLanguageModel implements LanguageModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly config: AnthropicLanguageModelConfig;

  constructor(modelId: string, config: AnthropicLanguageModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.config = config;
  }

  async doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelResult> {
    const message = (await this.send(this.body(options, false), options.abortSignal)) as Message;
    const text = (message.content ?? [])
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('');
    return {
      text,
      finishReason: mapStopReason(message.stop_reason),
      usage: mapUsage(message.usage?.input_tokens, message.usage?.output_tokens),
    };
  }

  async doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
    const events = await this.streamEvents(this.body(options), options.abortSignal);
    return { stream: readStream(events, this.errorContext(options.abortSignal)) };
  }

  /**
   * Sends a Messages API body as given (tools, images, tool results and all; `model`, `stream`
   * and the provider's `extraBody` are added) with this model's retries, timeouts and error
   * mapping. For callers that translate a whole request themselves, like the proxy.
   */
  createMessage(body: Record<string, unknown>, abortSignal?: AbortSignal): Promise<Message> {
    return this.send(this.rawBody(body, false), abortSignal) as Promise<Message>;
  }

  /**
   * `createMessage` streamed: the vendor's raw events, guarded by the stream idle timeout. An
   * error while reading (an `error` event, a cut connection) is thrown as a `ProviderCallError`.
   */
  async streamMessage(
    body: Record<string, unknown>,
    abortSignal?: AbortSignal,
  ): Promise<AsyncIterable<RawMessageStreamEvent>> {
    const events = await this.streamEvents(this.rawBody(body, true), abortSignal);
    return mapStreamErrors(events, this.errorContext(abortSignal));
  }

  /** The `max_tokens` sent when a request gives none. */
  get defaultMaxTokens(): number {
    return this.config.defaultMaxTokens;
  }

  private rawBody(body: Record<string, unknown>, stream: boolean): Record<string, unknown> {
    return { model: this.modelId, ...body, ...this.config.extraBody, stream };
  }

  private async streamEvents(
    body: Record<string, unknown>,
    abortSignal: AbortSignal | undefined,
  ): Promise<AsyncIterable<RawMessageStreamEvent>> {
    const stream = (await this.send(body, abortSignal)) as AsyncIterable<RawMessageStreamEvent> & {
      controller?: AbortController;
    };
    const idleTimeoutMs = this.config.streamIdleTimeoutMs;
    return readWithIdleTimeout(stream, {
      timeoutMs: idleTimeoutMs,
      onTimeout: () =>
        new ProviderCallError({
          provider: this.provider,
          message: `no data for ${idleTimeoutMs} ms while streaming (stalled)`,
          isRetryable: true,
        }),
      cancel: () => stream.controller?.abort(),
    });
  }

  private body(options: LanguageModelCallOptions, stream = true): Record<string, unknown> {
    const prompt = convertToAnthropicPrompt(options);
    return {
      model: this.modelId,
      max_tokens: options.maxTokens ?? this.config.defaultMaxTokens,
      messages: prompt.messages,
      stream,
      ...(prompt.system === undefined ? {} : { system: prompt.system }),
      ...(options.temperature === undefined
        ? {}
        : { temperature: Math.min(1, options.temperature) }),
      ...(options.stop && options.stop.length > 0 ? { stop_sequences: options.stop } : {}),
      ...this.config.extraBody,
      ...options.providerOptions,
    };
  }

  private send(
    body: Record<string, unknown>,
    abortSignal: AbortSignal | undefined,
  ): Promise<unknown> {
    const context = this.errorContext(abortSignal);
    return callWithRetries(
      async () => {
        try {
          return await this.config.client.messages.create(body as never, { signal: abortSignal });
        } catch (error) {
          throw mapAnthropicError(error, context);
        }
      },
      { maxRetries: this.config.maxRetries, abortSignal },
    );
  }

  private errorContext(abortSignal: AbortSignal | undefined): ErrorContext {
    return {
      provider: this.provider,
      secrets: this.config.secrets,
      abortSignal,
      timeoutMs: this.config.timeoutMs,
    };
  }
}

async function* mapStreamErrors(
  stream: AsyncIterable<RawMessageStreamEvent>,
  context: ErrorContext,
): AsyncGenerator<RawMessageStreamEvent> {
  try {
    yield* stream;
  } catch (error) {
    throw mapAnthropicError(error, context);
  }
}

async function* readStream(
  stream: AsyncIterable<RawMessageStreamEvent>,
  context: ErrorContext,
): AsyncGenerator<LanguageModelStreamPart> {
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let finishReason: LanguageModelFinishReason | undefined;
  let stopped = false;
  try {
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          inputTokens = event.message.usage?.input_tokens ?? inputTokens;
          outputTokens = event.message.usage?.output_tokens ?? outputTokens;
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta' && event.delta.text !== '') {
            yield { type: 'text-delta', delta: event.delta.text };
          }
          break;
        case 'message_delta':
          finishReason = mapStopReason(event.delta.stop_reason);
          outputTokens = event.usage?.output_tokens ?? outputTokens;
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    }
  } catch (error) {
    throw mapAnthropicError(error, context);
  }
  if (!stopped) {
    throw new ProviderCallError({
      provider: context.provider,
      message: 'the stream ended before the model finished (connection closed early)',
      isRetryable: true,
    });
  }
  yield {
    type: 'finish',
    finishReason: finishReason ?? 'other',
    usage: mapUsage(inputTokens, outputTokens),
  };
}

function mapStopReason(reason: string | null | undefined): LanguageModelFinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

function mapUsage(
  inputTokens: number | undefined,
  outputTokens: number | undefined,
): LanguageModelUsage | undefined {
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  return { inputTokens, outputTokens, totalTokens: (inputTokens ?? 0) + (outputTokens ?? 0) };
}
