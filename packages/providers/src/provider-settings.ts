import type { EmbeddingModel, LanguageModel } from '@autoskill/core';

/** Settings every provider accepts. */
export interface ProviderSettings {
  /** API key. Never logged and never put in an error message. */
  apiKey?: string;
  /** API base URL, e.g. `https://api.openai.com/v1`. */
  baseUrl?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Time allowed until the response headers arrive. Default 60000 ms. */
  timeoutMs?: number;
  /** Longest silence allowed between two parts of a stream. Default 300000 ms. */
  streamIdleTimeoutMs?: number;
  /**
   * Retries of 429/5xx/network errors inside the model's own `do*` methods. Default: 0 for
   * language models (the core helpers `generateText`/`streamText`/`generateJson` retry), 2 for
   * embedding models (`embedMany` does not retry).
   */
  maxRetries?: number;
}

/** A vendor: hands out language and embedding models by id. */
export interface Provider {
  /** Provider id, e.g. `openai`, `dashscope`. */
  readonly name: string;
  /** A chat model; the vendor's default model when `modelId` is omitted. */
  languageModel(modelId?: string): LanguageModel;
  /** An embedding model; throws `NoSuchModelError` when the vendor has none (Anthropic). */
  embeddingModel(modelId?: string): EmbeddingModel;
}

/** Default time to the first response byte. */
export const DEFAULT_TIMEOUT_MS = 60_000;
