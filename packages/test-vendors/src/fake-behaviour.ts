import type { Context } from 'hono';
import type { RecordedRequest } from './recorded-request';

/** A tool call the fake model "makes" (OpenAI `tool_calls`, Anthropic `tool_use`). */
export interface FakeToolCall {
  id?: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

/** Token counts a reply reports. Default: whitespace-separated words of prompt and reply. */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One scripted answer. Scripted behaviours are consumed one per request, in order. */
export type FakeBehaviour =
  | {
      kind: 'reply';
      text?: string;
      toolCalls?: FakeToolCall[];
      /** Vendor finish/stop reason. Default `stop` (OpenAI) / `end_turn` (Anthropic); `tool_calls` / `tool_use` with tool calls. */
      finishReason?: string;
      usage?: FakeUsage;
    }
  | {
      kind: 'error';
      status: number;
      message?: string;
      /** Vendor error type, e.g. `rate_limit_error`. */
      type?: string;
      code?: string;
      headers?: Record<string, string>;
    }
  /**
   * Streams `afterChunks` text chunks, then destroys the socket (`mode: 'reset'`, default) or
   * sends nothing more while keeping the connection open (`mode: 'stall'`).
   */
  | { kind: 'cut-stream'; text?: string; afterChunks?: number; mode?: 'reset' | 'stall' }
  /** Waits `delayMs` before sending any header, then behaves like `then` (default: a normal reply). */
  | { kind: 'slow'; delayMs: number; then?: FakeBehaviour }
  /**
   * An error whose message echoes the key the request carried (its `Authorization` header, else
   * `x-api-key`), as OpenAI's "Incorrect API key provided: …" does: the vendor's JSON error body
   * (`json`, default), a `text/plain` body (`text`), or a 200 event stream that ends with the
   * vendor's error event (`sse`). `inHeaders` also echoes it in `x-request-id` and
   * `x-echo-authorization`.
   */
  | { kind: 'echo-key'; status?: number; format?: 'json' | 'text' | 'sse'; inHeaders?: boolean }
  /**
   * Sends the response head (status 200 and a JSON content type unless given) and the start of a
   * body, then goes silent until the client leaves (`stall`), destroys the socket (`reset`), or
   * keeps sending filler as fast as the client reads, until it leaves (`endless`).
   */
  | {
      kind: 'broken-body';
      mode: 'stall' | 'reset' | 'endless';
      status?: number;
      contentType?: string;
    }
  /** Never sends a response head: holds the request until the client leaves. */
  | { kind: 'hang' }
  /** Full control: build the response yourself. */
  | {
      kind: 'handler';
      handle: (request: RecordedRequest, context: Context) => Response | Promise<Response>;
    };

/** A fixed reply. */
export function fakeReply(
  text: string,
  extra: Omit<Extract<FakeBehaviour, { kind: 'reply' }>, 'kind' | 'text'> = {},
): FakeBehaviour {
  return { kind: 'reply', text, ...extra };
}

/** An HTTP error in the vendor's error format (401, 429, 500…). */
export function fakeError(
  status: number,
  message?: string,
  extra: { type?: string; code?: string; headers?: Record<string, string> } = {},
): FakeBehaviour {
  return { kind: 'error', status, ...(message === undefined ? {} : { message }), ...extra };
}
