/**
 * Timeouts and retries shared by every upstream kind. The defaults and why:
 * docs/decisions/2026-12-01-upstream-deadlines.md.
 */
export interface UpstreamTimeouts {
  /**
   * Longest wait for the response head of one attempt. Default: 60 s for a streamed request;
   * for a non-streamed one the deadline (its head only comes with the whole answer, so a shorter
   * wait would cancel answers that were on time, and retry them at the vendor's cost).
   */
  headersTimeoutMs?: number;
  /**
   * Longest silence between two chunks of a streamed answer, or while the body of a non-streamed
   * one is read (default 120 s).
   */
  idleTimeoutMs?: number;
  /** Retries on network errors, 408/409/429/5xx, before the first byte reaches the client (default 2). */
  maxRetries?: number;
  /**
   * Total time one request may wait for the vendor, all attempts, backoff and reading a
   * non-streamed body (or an error body) included (default 120 s). For a streamed answer it
   * covers the time to its first byte; after that `idleTimeoutMs` guards the rest. When it
   * passes the client gets a 504; no retry starts that could not finish before it.
   */
  deadlineMs?: number;
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

/** Default wait for the response head of one attempt of a streamed request. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Default total time for one request (see `UpstreamTimeouts.deadlineMs`). */
export const DEFAULT_DEADLINE_MS = 120_000;
