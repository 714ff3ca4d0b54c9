import type { FakeBehaviour, FakeToolCall, FakeUsage } from './fake-behaviour';
import { type FakeErrorFormat, faultResponse, isFault } from './fake-faults';
import { hasGlmToken } from './fake-glm-token';
import {
  chunkText,
  countWords,
  type FakeAppContext,
  type FakeVendorServer,
  fakeVector,
  sseResponse,
  startFakeServer,
  waitUnlessClosed,
} from './fake-server';
import type { RecordedRequest } from './recorded-request';

export interface FakeOpenAIOptions {
  /** URL prefix of the API. Default `/v1`; DashScope `/compatible-mode/v1`, GLM `/api/paas/v4`. */
  pathPrefix?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` (or `x-api-key`) get a 401. */
  apiKey?: string;
  /** Default reply text. Default: `Fake reply to: <last user message>`. */
  reply?: string | ((request: RecordedRequest) => string);
  /** Code points per streamed delta. Default 4. */
  chunkSize?: number;
  /** Length of fake embedding vectors. Default 8 (or the request's `dimensions`). */
  embeddingDimensions?: number;
  /** Largest embeddings batch accepted; bigger batches get a 400 like DashScope's. */
  maxEmbeddingInputs?: number;
  /**
   * GLM: an `id.secret` key whose signed JWT every request must carry (signature, `api_key`,
   * expiry and millisecond timestamps checked); the raw key gets a 401. Replaces `apiKey`.
   */
  signedKey?: string;
}

/** Starts a fake OpenAI-compatible server (chat completions, SSE streaming, embeddings, models). */
export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeVendorServer> {
  const chunkSize = options.chunkSize ?? 4;
  return startFakeServer({
    basePath: options.pathPrefix ?? '/v1',
    apiKey: options.apiKey,
    ...(options.signedKey
      ? {
          authorize: (request: RecordedRequest) =>
            hasGlmToken(request, options.signedKey as string),
        }
      : {}),
    unauthorized: () =>
      errorResponse({
        kind: 'error',
        status: 401,
        message: 'Incorrect API key provided.',
        code: 'invalid_api_key',
      }),
    routes: [
      {
        method: 'POST',
        path: '/chat/completions',
        handle: (context, request, behaviour) =>
          chat(context, request, behaviour, options, chunkSize),
      },
      {
        method: 'POST',
        path: '/embeddings',
        handle: (context, request, behaviour) => embeddings(context, request, behaviour, options),
      },
      {
        method: 'GET',
        path: '/models',
        handle: (context) =>
          context.json({
            object: 'list',
            data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }],
          }),
      },
    ],
  });
}

/** DashScope compatible mode: the fake OpenAI server under `/compatible-mode/v1`. */
export function startFakeDashScope(
  options: Omit<FakeOpenAIOptions, 'pathPrefix'> = {},
): Promise<FakeVendorServer> {
  return startFakeOpenAI({ ...options, pathPrefix: '/compatible-mode/v1' });
}

/** Zhipu BigModel: the fake OpenAI server under `/api/paas/v4`. */
export function startFakeGlm(
  options: Omit<FakeOpenAIOptions, 'pathPrefix'> = {},
): Promise<FakeVendorServer> {
  return startFakeOpenAI({ ...options, pathPrefix: '/api/paas/v4' });
}

/** InternLM (Intern-S1): the fake OpenAI server under `/api/v1`. */
export function startFakeInternLM(
  options: Omit<FakeOpenAIOptions, 'pathPrefix'> = {},
): Promise<FakeVendorServer> {
  return startFakeOpenAI({ ...options, pathPrefix: '/api/v1' });
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: Array<{ role?: string; content?: unknown }>;
}

async function chat(
  context: FakeAppContext,
  request: RecordedRequest,
  behaviour: FakeBehaviour | undefined,
  options: FakeOpenAIOptions,
  chunkSize: number,
): Promise<Response> {
  if (behaviour?.kind === 'slow') {
    await waitUnlessClosed(context, behaviour.delayMs);
    return chat(context, request, behaviour.then, options, chunkSize);
  }
  if (behaviour?.kind === 'error') return errorResponse(behaviour);
  if (isFault(behaviour)) return faultResponse(context, request, behaviour, OPENAI_ERRORS);
  const body = (request.body ?? {}) as ChatBody;
  const reply = behaviour?.kind === 'reply' ? behaviour : undefined;
  const cut = behaviour?.kind === 'cut-stream' ? behaviour : undefined;
  const text = reply?.text ?? cut?.text ?? defaultReply(request, options);
  const toolCalls = reply?.toolCalls ?? [];
  const finishReason = reply?.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
  const usage = toOpenAIUsage(
    reply?.usage ?? { inputTokens: countWords(promptText(body)), outputTokens: countWords(text) },
  );
  const id = `chatcmpl-fake-${Date.now().toString(36)}`;
  const model = body.model ?? 'fake-model';
  const created = Math.floor(Date.now() / 1000);

  if (!body.stream) {
    return context.json({
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: toolCalls.length > 0 && text === '' ? null : text,
            refusal: null,
            ...(toolCalls.length > 0
              ? { tool_calls: toolCalls.map((call, index) => toOpenAIToolCall(call, index)) }
              : {}),
          },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
    });
  }

  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    data: JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices,
      ...extra,
    }),
  });
  const events = [
    chunk([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
    ]),
  ];
  for (const piece of chunkText(text, chunkSize)) {
    events.push(
      chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]),
    );
  }
  for (const [index, call] of toolCalls.entries()) {
    const { id: callId, function: fn } = toOpenAIToolCall(call, index);
    events.push(
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index, id: callId, type: 'function', function: { name: fn.name, arguments: '' } },
            ],
          },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
    for (const piece of chunkText(fn.arguments, chunkSize * 2)) {
      events.push(
        chunk([
          {
            index: 0,
            delta: { tool_calls: [{ index, function: { arguments: piece } }] },
            logprobs: null,
            finish_reason: null,
          },
        ]),
      );
    }
  }
  events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
  if (body.stream_options?.include_usage) events.push(chunk([], { usage }));
  events.push({ data: '[DONE]' });
  return sseResponse(
    context,
    events,
    cut ? { cutAfter: 1 + (cut.afterChunks ?? 2), cutMode: cut.mode ?? 'reset' } : {},
  );
}

interface EmbeddingsBody {
  model?: string;
  input?: unknown;
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
}

async function embeddings(
  context: FakeAppContext,
  request: RecordedRequest,
  behaviour: FakeBehaviour | undefined,
  options: FakeOpenAIOptions,
): Promise<Response> {
  if (behaviour?.kind === 'slow') {
    await waitUnlessClosed(context, behaviour.delayMs);
    return embeddings(context, request, behaviour.then, options);
  }
  if (behaviour?.kind === 'error') return errorResponse(behaviour);
  if (isFault(behaviour)) return faultResponse(context, request, behaviour, OPENAI_ERRORS);
  const body = (request.body ?? {}) as EmbeddingsBody;
  const inputs = embeddingInputs(body.input);
  if (!inputs) {
    return errorResponse({
      kind: 'error',
      status: 400,
      message: "'input' must be a string, an array of strings, or an array of token arrays",
    });
  }
  if (options.maxEmbeddingInputs !== undefined && inputs.length > options.maxEmbeddingInputs) {
    return errorResponse({
      kind: 'error',
      status: 400,
      message: `batch size is invalid, it should not be larger than ${options.maxEmbeddingInputs}.`,
    });
  }
  const dimensions = body.dimensions ?? options.embeddingDimensions ?? 8;
  // Real servers may return items out of order; the index field is what counts.
  const data = inputs
    .map((input, index) => {
      const vector = fakeVector(input, dimensions);
      const embedding =
        body.encoding_format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector;
      return { object: 'embedding', index, embedding };
    })
    .reverse();
  const tokens = inputs.reduce((total, input) => total + countWords(input), 0);
  return context.json({
    object: 'list',
    data,
    model: body.model ?? 'fake-embedding',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** OpenAI's error body, and its error event inside a stream (a `data:` line with the same body). */
const OPENAI_ERRORS: FakeErrorFormat = {
  body: (status, message) => ({
    error: { message, type: defaultErrorType(status), param: null, code: 'invalid_api_key' },
  }),
  event: (message) => ({
    data: JSON.stringify({
      error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    }),
  }),
};

function errorResponse(behaviour: Extract<FakeBehaviour, { kind: 'error' }>): Response {
  const type = behaviour.type ?? defaultErrorType(behaviour.status);
  const body = {
    error: {
      message: behaviour.message ?? `Fake error ${behaviour.status}`,
      type,
      param: null,
      code: behaviour.code ?? (behaviour.status === 429 ? 'rate_limit_exceeded' : null),
    },
  };
  return new Response(JSON.stringify(body), {
    status: behaviour.status,
    headers: { 'content-type': 'application/json', ...behaviour.headers },
  });
}

function defaultErrorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function defaultReply(request: RecordedRequest, options: FakeOpenAIOptions): string {
  if (typeof options.reply === 'function') return options.reply(request);
  if (typeof options.reply === 'string') return options.reply;
  const messages = ((request.body ?? {}) as ChatBody).messages ?? [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return `Fake reply to: ${contentText(lastUser?.content).slice(0, 200)}`;
}

function promptText(body: ChatBody): string {
  return (body.messages ?? []).map((message) => contentText(message.content)).join(' ');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
}

function toOpenAIUsage(usage: FakeUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

function toOpenAIToolCall(call: FakeToolCall, index: number) {
  return {
    id: call.id ?? `call_fake_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  };
}

/**
 * OpenAI's embedding inputs as texts: a text, texts, one token array or token arrays (a token
 * array stands for the text of its ids). Undefined for anything else.
 */
function embeddingInputs(input: unknown): string[] | undefined {
  const isTokens = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((id) => Number.isInteger(id));
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((entry) => typeof entry === 'string')) return input;
  if (isTokens(input)) return [input.join(' ')];
  if (input.every(isTokens)) return input.map((ids) => ids.join(' '));
  return undefined;
}
