import type { FakeBehaviour } from './fake-behaviour';
import { type FakeErrorFormat, faultResponse, isFault } from './fake-faults';
import {
  chunkText,
  countWords,
  type FakeAppContext,
  type FakeVendorServer,
  sseResponse,
  startFakeServer,
  waitUnlessClosed,
} from './fake-server';
import type { RecordedRequest } from './recorded-request';

export interface FakeAnthropicOptions {
  /** When set, requests without `x-api-key: <apiKey>` or `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** Default reply text. Default: `Fake reply to: <last user message>`. */
  reply?: string | ((request: RecordedRequest) => string);
  /** Code points per streamed `text_delta`. Default 4. */
  chunkSize?: number;
}

/** Starts a fake Anthropic Messages API (`POST /v1/messages`, JSON and SSE). `url` is the origin. */
export function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeVendorServer> {
  const chunkSize = options.chunkSize ?? 4;
  return startFakeServer({
    basePath: '',
    apiKey: options.apiKey,
    unauthorized: () => errorResponse({ kind: 'error', status: 401, message: 'invalid x-api-key' }),
    routes: [
      {
        method: 'POST',
        path: '/v1/messages',
        handle: (context, request, behaviour) =>
          messages(context, request, behaviour, options, chunkSize),
      },
    ],
  });
}

interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: unknown;
  messages?: Array<{ role?: string; content?: unknown }>;
}

async function messages(
  context: FakeAppContext,
  request: RecordedRequest,
  behaviour: FakeBehaviour | undefined,
  options: FakeAnthropicOptions,
  chunkSize: number,
): Promise<Response> {
  if (behaviour?.kind === 'slow') {
    await waitUnlessClosed(context, behaviour.delayMs);
    return messages(context, request, behaviour.then, options, chunkSize);
  }
  if (behaviour?.kind === 'error') return errorResponse(behaviour);
  if (isFault(behaviour)) return faultResponse(context, request, behaviour, ANTHROPIC_ERRORS);
  const body = (request.body ?? {}) as MessagesBody;
  const invalid = invalidToolTurns(body);
  if (invalid) return errorResponse({ kind: 'error', status: 400, message: invalid });
  const reply = behaviour?.kind === 'reply' ? behaviour : undefined;
  const cut = behaviour?.kind === 'cut-stream' ? behaviour : undefined;
  const text = reply?.text ?? cut?.text ?? defaultReply(request, options);
  const toolCalls = reply?.toolCalls ?? [];
  const stopReason = reply?.finishReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn');
  const inputTokens =
    reply?.usage?.inputTokens ??
    countWords(
      `${contentText(body.system)} ${(body.messages ?? []).map((message) => contentText(message.content)).join(' ')}`,
    );
  const outputTokens = reply?.usage?.outputTokens ?? countWords(text);
  const id = `msg_fake_${Date.now().toString(36)}`;
  const model = body.model ?? 'fake-claude';
  const toolBlocks = toolCalls.map((call, index) => ({
    type: 'tool_use',
    id: call.id ?? `toolu_fake_${index}`,
    name: call.name,
    input: JSON.parse(call.arguments || '{}'),
  }));

  if (!body.stream) {
    return context.json({
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [...(text === '' ? [] : [{ type: 'text', text }]), ...toolBlocks],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    });
  }

  const event = (name: string, data: Record<string, unknown>) => ({
    event: name,
    data: JSON.stringify({ type: name, ...data }),
  });
  const events = [
    event('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', {}),
  ];
  for (const piece of chunkText(text, chunkSize)) {
    events.push(
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
    );
  }
  events.push(event('content_block_stop', { index: 0 }));
  for (const [offset, block] of toolBlocks.entries()) {
    const index = offset + 1;
    events.push(event('content_block_start', { index, content_block: { ...block, input: {} } }));
    // Arguments arrive in pieces, as Claude sends them.
    for (const piece of chunkText(JSON.stringify(block.input), chunkSize * 2))
      events.push(
        event('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        }),
      );
    events.push(event('content_block_stop', { index }));
  }
  events.push(
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
  );
  events.push(event('message_stop', {}));
  return sseResponse(
    context,
    events,
    cut ? { cutAfter: 3 + (cut.afterChunks ?? 2), cutMode: cut.mode ?? 'reset' } : {},
  );
}

/** Anthropic's error body, and its `error` event inside a stream. */
const ANTHROPIC_ERRORS: FakeErrorFormat = {
  body: (status, message) => ({
    type: 'error',
    error: { type: defaultErrorType(status), message },
  }),
  event: (message) => ({
    event: 'error',
    data: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message } }),
  }),
};

function errorResponse(behaviour: Extract<FakeBehaviour, { kind: 'error' }>): Response {
  const body = {
    type: 'error',
    error: {
      type: behaviour.type ?? defaultErrorType(behaviour.status),
      message: behaviour.message ?? `Fake error ${behaviour.status}`,
    },
  };
  return new Response(JSON.stringify(body), {
    status: behaviour.status,
    headers: { 'content-type': 'application/json', ...behaviour.headers },
  });
}

function defaultErrorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    529: 'overloaded_error',
  };
  return types[status] ?? 'api_error';
}

/**
 * What the real API refuses about tool turns: a `tool_result` must answer a `tool_use` of the
 * assistant turn right before it, every `tool_use` must be answered in the next user turn, and
 * `tool_result` blocks come before any other block of their turn.
 */
function invalidToolTurns(body: MessagesBody): string | undefined {
  const all = body.messages ?? [];
  for (const [index, message] of all.entries()) {
    const blocks = Array.isArray(message.content)
      ? (message.content as Array<Record<string, unknown>>)
      : [];
    const previous = all[index - 1];
    const asked = new Set(
      (Array.isArray(previous?.content) ? (previous.content as Array<Record<string, unknown>>) : [])
        .filter((block) => block.type === 'tool_use')
        .map((block) => block.id),
    );
    const answered = blocks
      .filter((block) => block.type === 'tool_result')
      .map((block) => block.tool_use_id);
    for (const id of answered)
      if (message.role !== 'user' || !asked.has(id))
        return `messages.${index}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(id)}`;
    if (message.role === 'user' && asked.size > 0)
      for (const id of asked)
        if (!answered.includes(id))
          return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${String(id)}`;
    const firstOther = blocks.findIndex((block) => block.type !== 'tool_result');
    if (firstOther !== -1 && blocks.slice(firstOther).some((block) => block.type === 'tool_result'))
      return `messages.${index}: \`tool_result\` blocks must come first in the content`;
  }
  return undefined;
}

function defaultReply(request: RecordedRequest, options: FakeAnthropicOptions): string {
  if (typeof options.reply === 'function') return options.reply(request);
  if (typeof options.reply === 'string') return options.reply;
  const all = ((request.body ?? {}) as MessagesBody).messages ?? [];
  const lastUser = [...all].reverse().find((message) => message.role === 'user');
  return `Fake reply to: ${contentText(lastUser?.content).slice(0, 200)}`;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
}
