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
import { APIError, type OpenAI } from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { callWithRetries } from '../call-with-retries';
import type { ErrorContext } from '../describe-unknown-error';
import { readWithIdleTimeout } from '../read-with-idle-timeout';
import { convertToOpenAIMessages } from './convert-to-openai-messages';
import { mapOpenAIError } from './map-openai-error';

/** How an OpenAI-compatible vendor differs from OpenAI. */
export interface OpenAICompatibility {
  /** Body field for the output cap. OpenAI: `max_completion_tokens`; most others: `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Sends `response_format: { type: 'json_object' }` for JSON requests. */
  jsonMode: boolean;
  /** Sends `stream_options: { include_usage: true }` so streams report usage. */
  streamUsage: boolean;
}

export interface OpenAILanguageModelConfig {
  provider: string;
  client: OpenAI;
  compatibility: OpenAICompatibility;
  /** Body fields sent with every request (before per-call `providerOptions`). */
  extraBody?: Record<string, unknown>;
  /** InternLM: send `thinking_mode`; dropped for good if the server rejects it. */
  thinkingMode?: boolean;
  maxRetries: number;
  timeoutMs: number;
  /** Longest silence allowed inside a stream. */
  streamIdleTimeoutMs: number;
  secrets: string[];
}

/** Whether InternLM's thinking mode is on, and whether the server made us turn it off. */
export interface ThinkingModeStatus {
  supported: boolean;
  requested: boolean;
  effective: boolean;
  autoDisabled: boolean;
}

/** A chat model over the official `openai` client, for OpenAI and OpenAI-compatible vendors. */
export class OpenAILanguageModel implements LanguageModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OpenAILanguageModelConfig;
  private thinkingModeAutoDisabled = false;

  constructor(modelId: string, config: OpenAILanguageModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.config = config;
  }

  /** InternLM thinking-mode state (always `supported: false` for other vendors). */
  thinkingModeStatus(): ThinkingModeStatus {
    const requested = this.config.thinkingMode === true;
    return {
      supported: this.config.thinkingMode !== undefined,
      requested,
      effective: requested && !this.thinkingModeAutoDisabled,
      autoDisabled: this.thinkingModeAutoDisabled,
    };
  }

  async doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelResult> {
    const response = (await this.send(options, false)) as ChatCompletion;
    const choice = response.choices?.[0];
    if (!choice) {
      throw new ProviderCallError({
        provider: this.provider,
        message: 'the response has no choices',
        isRetryable: true,
      });
    }
    return {
      text: messageText(choice.message as unknown as Record<string, unknown>),
      finishReason: mapFinishReason(choice.finish_reason),
      usage: mapUsage(response.usage),
    };
  }

  async doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
    const stream = (await this.send(options, true)) as AsyncIterable<ChatCompletionChunk> & {
      controller?: AbortController;
    };
    const context = this.errorContext(options.abortSignal);
    const idleTimeoutMs = this.config.streamIdleTimeoutMs;
    const chunks = readWithIdleTimeout(stream, {
      timeoutMs: idleTimeoutMs,
      onTimeout: () =>
        new ProviderCallError({
          provider: this.provider,
          message: `no data for ${idleTimeoutMs} ms while streaming (stalled)`,
          isRetryable: true,
        }),
      cancel: () => stream.controller?.abort(),
    });
    return { stream: readStream(chunks, context) };
  }

  private async send(options: LanguageModelCallOptions, stream: boolean): Promise<unknown> {
    const context = this.errorContext(options.abortSignal);
    const attempt = () =>
      callWithRetries(
        async () => {
          try {
            return await this.config.client.chat.completions.create(
              this.buildBody(options, stream) as never,
              {
                signal: options.abortSignal,
              },
            );
          } catch (error) {
            throw this.isThinkingModeRejection(error) ? error : mapOpenAIError(error, context);
          }
        },
        { maxRetries: this.config.maxRetries, abortSignal: options.abortSignal },
      );
    try {
      return await attempt();
    } catch (error) {
      if (!this.isThinkingModeRejection(error)) throw error;
      // As the original: the server does not know thinking_mode, so retry once without it and remember.
      this.thinkingModeAutoDisabled = true;
      try {
        return await attempt();
      } catch (retryError) {
        throw mapOpenAIError(retryError, context);
      }
    }
  }

  private buildBody(options: LanguageModelCallOptions, stream: boolean): Record<string, unknown> {
    const { compatibility } = this.config;
    const body: Record<string, unknown> = {
      model: this.modelId,
      messages: convertToOpenAIMessages(options),
      stream,
    };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.maxTokens !== undefined) body[compatibility.maxTokensField] = options.maxTokens;
    if (options.stop !== undefined && options.stop.length > 0) body.stop = options.stop;
    if (options.responseFormat?.type === 'json' && compatibility.jsonMode)
      body.response_format = { type: 'json_object' };
    if (stream && compatibility.streamUsage) body.stream_options = { include_usage: true };
    if (this.thinkingModeStatus().effective) body.thinking_mode = true;
    else if (this.config.thinkingMode === false) body.thinking_mode = false;
    return { ...body, ...this.config.extraBody, ...options.providerOptions };
  }

  private isThinkingModeRejection(error: unknown): boolean {
    if (!this.thinkingModeStatus().effective || !(error instanceof APIError)) return false;
    const status = error.status;
    const text = `${error.message} ${JSON.stringify(error.error ?? '')}`.toLowerCase();
    return (status === 400 || status === 404 || status === 422) && text.includes('thinking');
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
  stream: AsyncIterable<ChatCompletionChunk>,
  context: ErrorContext,
): AsyncGenerator<LanguageModelStreamPart> {
  let finishReason: LanguageModelFinishReason | undefined;
  let usage: LanguageModelUsage | undefined;
  try {
    for await (const chunk of stream) {
      if (chunk.usage) usage = mapUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta?.content;
      if (typeof delta === 'string' && delta !== '') yield { type: 'text-delta', delta };
      if (choice.finish_reason) finishReason = mapFinishReason(choice.finish_reason);
    }
  } catch (error) {
    throw mapOpenAIError(error, context);
  }
  if (finishReason === undefined) {
    throw mapOpenAIError(
      new ProviderCallError({
        provider: context.provider,
        message: 'the stream ended before the model finished (connection closed early)',
        isRetryable: true,
      }),
      context,
    );
  }
  yield { type: 'finish', finishReason, usage };
}

/** The reply text; reasoning models' `reasoning_content` is used only when it is the JSON answer. */
function messageText(message: Record<string, unknown> | undefined): string {
  const content = message?.content;
  if (typeof content === 'string' && content.trim() !== '') return content;
  if (Array.isArray(content)) {
    const joined = content
      .map((part) => (typeof part?.text === 'string' ? part.text : ''))
      .join('');
    if (joined.trim() !== '') return joined;
  }
  for (const field of ['reasoning_content', 'reasoning']) {
    const value = message?.[field];
    if (typeof value !== 'string') continue;
    try {
      JSON.parse(value.trim());
      return value.trim();
    } catch {
      // Chain-of-thought text: never shown as the answer.
    }
  }
  return typeof content === 'string' ? content : '';
}

function mapFinishReason(reason: string | null | undefined): LanguageModelFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
    case 'sensitive':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

function mapUsage(
  usage:
    | { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number }
    | null
    | undefined,
): LanguageModelUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
}
