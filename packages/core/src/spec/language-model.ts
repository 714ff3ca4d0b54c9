import type { ChatMessage } from '../experience/experience';

/**
 * A chat language model. Providers implement `doGenerate`/`doStream`; AutoSkill code calls the
 * helpers `generateText()`/`streamText()`/`generateJson()`.
 */
export interface LanguageModel {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelResult>;
  doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult>;
}

export interface LanguageModelCallOptions {
  /** Optional system prompt, sent before `messages`. */
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object (providers that support a JSON mode use it). */
  responseFormat?: { type: 'text' } | { type: 'json' };
  stop?: string[];
  abortSignal?: AbortSignal;
  /** Vendor-specific body fields, passed through unchanged. */
  providerOptions?: Record<string, unknown>;
}

export type LanguageModelFinishReason =
  | 'stop'
  | 'length'
  | 'content-filter'
  | 'tool-calls'
  | 'error'
  | 'other';

export interface LanguageModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface LanguageModelResult {
  text: string;
  finishReason: LanguageModelFinishReason;
  usage?: LanguageModelUsage;
}

export type LanguageModelStreamPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'finish'; finishReason: LanguageModelFinishReason; usage?: LanguageModelUsage }
  | { type: 'error'; error: unknown };

export interface LanguageModelStreamResult {
  stream: AsyncIterable<LanguageModelStreamPart>;
}
