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
    const message = (await this.send(options, false)) as Message;
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
    const stream = (await this.send(options, true)) as AsyncIterable<RawMessageStreamEvent> & {
      controller?: AbortController;
    };
    const idleTimeoutMs = this.config.streamIdleTimeoutMs;
    const events = readWithIdleTimeout(stream, {
      timeoutMs: idleTimeoutMs,
      onTimeout: () =>
        new ProviderCallError({
          provider: this.provider,
          message: `no data for ${idleTimeoutMs} ms while streaming (stalled)`,
          isRetryable: true,
        }),
      cancel: () => stream.controller?.abort(),
    });
    return { stream: readStream(events, this.errorContext(options.abortSignal)) };
  }

  private send(options: LanguageModelCallOptions, stream: boolean): Promise<unknown> {
    const context = this.errorContext(options.abortSignal);
    const prompt = convertToAnthropicPrompt(options);
    const body: Record<string, unknown> = {
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
    return callWithRetries(
      async () => {
        try {
          return await this.config.client.messages.create(body as never, {
            signal: options.abortSignal,
          });
        } catch (error) {
          throw mapAnthropicError(error, context);
        }
      },
      { maxRetries: this.config.maxRetries, abortSignal: options.abortSignal },
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
