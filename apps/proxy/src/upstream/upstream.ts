/** Timeouts and retries shared by every upstream kind. */
export interface UpstreamTimeouts {
  /** Longest wait for the response headers of one attempt (default 120 s). */
  headersTimeoutMs?: number;
  /** Longest silence between two chunks of a streamed answer (default 120 s). */
  idleTimeoutMs?: number;
  /** Retries on network errors, 408/409/429/5xx, before the first byte reaches the client (default 2). */
  maxRetries?: number;
}

/** An OpenAI-compatible vendor (OpenAI, DashScope, GLM, InternLM, vLLM, Ollama, …): bodies pass through. */
export interface OpenAIUpstream extends UpstreamTimeouts {
  kind: 'openai';
  /** Provider name, for logs and `/v1/autoskill/capabilities`. */
  provider: string;
  /** Base URL including the version prefix, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** Model sent when the client names a served alias or no model. */
  model?: string;
  /** Extra headers sent on every upstream request. */
  headers?: Record<string, string>;
}

/** Anthropic's Messages API: OpenAI chat is translated (text and system only). */
export interface AnthropicUpstream extends UpstreamTimeouts {
  kind: 'anthropic';
  provider: string;
  /** Origin, e.g. `https://api.anthropic.com` (the proxy adds `/v1/messages`). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  headers?: Record<string, string>;
  /** `max_tokens` when the client gives none (Anthropic requires one; default 4096). */
  defaultMaxTokens?: number;
}

/** No vendor: answers come from the AutoSkill runtime's chat model (the offline `mock` by default). */
export interface OfflineUpstream {
  kind: 'offline';
  provider?: string;
  model?: string;
}

/** Where chat answers come from. */
export type Upstream = OpenAIUpstream | AnthropicUpstream | OfflineUpstream;

export const DEFAULT_HEADERS_TIMEOUT_MS = 120_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 2;
