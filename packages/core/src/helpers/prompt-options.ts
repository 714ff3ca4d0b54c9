import { InvalidArgumentError } from '../errors/errors';
import type { ChatMessage } from '../experience/experience';
import type { LanguageModel, LanguageModelCallOptions } from '../spec/language-model';
import type { SleepFunction } from './retry-with-backoff';

/** Options shared by `generateText`, `streamText` and `generateJson`. Give `messages` or `prompt`. */
export interface PromptOptions {
  model: LanguageModel;
  system?: string;
  /** The conversation. Exclusive with `prompt`. */
  messages?: ChatMessage[];
  /** Shorthand for one user message. Exclusive with `messages`. */
  prompt?: string;
  temperature?: number;
  maxTokens?: number;
  responseFormat?: LanguageModelCallOptions['responseFormat'];
  stop?: string[];
  abortSignal?: AbortSignal;
  /** Vendor-specific request fields, passed to the provider unchanged. */
  providerOptions?: Record<string, unknown>;
  /** Retries of retryable provider errors (429, 5xx, network). Default 2. */
  maxRetries?: number;
  /** Backoff sleep, injectable for tests. */
  sleep?: SleepFunction;
}

/** Validates prompt options and turns them into the call options a provider receives. */
export function toCallOptions(options: PromptOptions): LanguageModelCallOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'expected an object like { model, prompt: "Hi" }');
  }
  const { model } = options;
  if (!model || typeof model.doGenerate !== 'function' || typeof model.doStream !== 'function') {
    throw new InvalidArgumentError(
      'model',
      'expected a LanguageModel with doGenerate() and doStream()',
    );
  }
  const hasPrompt = options.prompt !== undefined;
  const hasMessages = options.messages !== undefined;
  if (hasPrompt === hasMessages) {
    throw new InvalidArgumentError(
      'prompt',
      'give exactly one of `prompt: "text"` or `messages: [{ role, content }]`',
    );
  }
  let messages: ChatMessage[];
  if (hasPrompt) {
    if (typeof options.prompt !== 'string')
      throw new InvalidArgumentError('prompt', 'expected a string');
    messages = [{ role: 'user', content: options.prompt }];
  } else {
    if (!Array.isArray(options.messages) || options.messages.length === 0) {
      throw new InvalidArgumentError(
        'messages',
        'expected a non-empty array like [{ role: "user", content: "Hi" }]',
      );
    }
    for (const [index, message] of options.messages.entries()) {
      if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
        throw new InvalidArgumentError(
          `messages[${index}]`,
          'expected { role: string, content: string | parts[] }',
        );
      }
    }
    messages = options.messages;
  }
  if (options.system !== undefined && typeof options.system !== 'string') {
    throw new InvalidArgumentError('system', 'expected a string');
  }
  if (
    options.temperature !== undefined &&
    !(Number.isFinite(options.temperature) && options.temperature >= 0)
  ) {
    throw new InvalidArgumentError(
      'temperature',
      `expected a number >= 0, got ${String(options.temperature)}`,
    );
  }
  if (
    options.maxTokens !== undefined &&
    !(Number.isInteger(options.maxTokens) && options.maxTokens > 0)
  ) {
    throw new InvalidArgumentError(
      'maxTokens',
      `expected an integer > 0, got ${String(options.maxTokens)}`,
    );
  }
  return {
    messages,
    ...(options.system !== undefined ? { system: options.system } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.responseFormat !== undefined ? { responseFormat: options.responseFormat } : {}),
    ...(options.stop !== undefined ? { stop: options.stop } : {}),
    ...(options.abortSignal !== undefined ? { abortSignal: options.abortSignal } : {}),
    ...(options.providerOptions !== undefined ? { providerOptions: options.providerOptions } : {}),
  };
}
