import type { Readable } from 'node:stream';
import type { ChatMessage, SearchScope } from '@autoskill/core';
import type { ProxyDependencies } from '../app-context';
import { isValidChatBody } from '../http/chat-body-check';
import { type HeaderRecord, headerValue } from '../http/header-value';
import { type Caller, resolveUserId } from '../http/identity';
import { ProxyHttpError } from '../http/proxy-http-error';
import { parseJsonObject, validate } from '../http/read-json';
import type { RelayOptions } from '../http/stream-relay';
import { newTraceId, type TraceRecord } from '../learning/trace-store';
import { chatCompletionBody } from '../schemas';
import { jobEvent } from '../serializers';
import { callAnthropicUpstream } from '../upstream/anthropic-upstream';
import { fromWebStream } from '../upstream/from-web-stream';
import { callOfflineUpstream } from '../upstream/offline-upstream';
import { completionToSse } from '../upstream/openai-format';
import { callOpenAIUpstream } from '../upstream/openai-upstream';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../upstream/upstream';
import type { UpstreamResult } from '../upstream/upstream-result';
import { injectSkills, retrieveForTurn } from './chat-retrieval';
import { collectStream } from './collect-stream';
import { serverTiming } from './server-timing';

export const TRACE_ID_HEADER = 'x-autoskill-trace-id';
export const TRACE_SWITCH_HEADER = 'x-autoskill-trace';

/** A chat request, whatever server received it. */
export interface ChatRequest {
  /** The raw JSON body (already size-checked). */
  bodyText: string;
  /** Request headers by lower-case name. */
  headers: HeaderRecord;
  /** `?user=` */
  queryUser: string | undefined;
  caller: Caller;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** `performance.now()` when the body had been read (default: when `answerChat` starts). */
  receivedAt?: number;
}

/** What to send back: a whole body, or upstream SSE bytes to relay with these options. */
export type ChatReply =
  | { kind: 'body'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'stream'; headers: Record<string, string>; source: Readable; relay: RelayOptions };

/**
 * `POST /v1/chat/completions`, transport-free: retrieval → one system message with the skills
 * placed just before the latest user message → the client's body, otherwise unchanged, to the
 * upstream → the answer (streams are relayed by the caller) → learning in the background.
 * Invalid requests throw ProxyHttpError; upstream failures come back as an error body.
 */
export async function answerChat(
  request: ChatRequest,
  deps: ProxyDependencies,
): Promise<ChatReply> {
  const receivedAt = request.receivedAt ?? performance.now();
  const raw = parseJsonObject(request.bodyText);
  const body = isValidChatBody(raw) ? raw : validate(chatCompletionBody, raw);
  const header = (name: string) => headerValue(request.headers, name);
  const userId = resolveUserId({
    caller: request.caller,
    bodyUser: body.user,
    headerUser: header('x-autoskill-user'),
    queryUser: request.queryUser,
    defaultUserId: deps.config.defaultUserId,
  });
  const scope = scopeHeader(header('x-autoskill-scope')) ?? deps.config.skillScope;
  const { signal } = request;
  const traceId = newTraceId();
  const showTrace = (header(TRACE_SWITCH_HEADER) ?? '').trim().toLowerCase() !== 'off';
  const messages = raw.messages as ChatMessage[];

  const retrievalStartedAt = performance.now();
  const prepared = await retrieveForTurn(deps, { userId, messages, scope, signal });
  const retrievalMs = performance.now() - retrievalStartedAt;
  // The parsed body is ours: it becomes the upstream body (`messages` keeps the client's list).
  const outgoing = raw;
  outgoing.messages = injectSkills(messages, prepared.context);
  const model = upstreamModel(body.model, deps);
  if (model !== undefined) outgoing.model = model;
  const { retrieval } = prepared;
  const record: TraceRecord = {
    id: traceId,
    userId,
    createdAt: new Date().toISOString(),
    retrieval,
    jobId: null,
    learning: 'pending',
  };
  // Later states update the stored record in place.
  deps.traces.put(record);
  const headers: Record<string, string> = {
    [TRACE_ID_HEADER]: traceId,
    'cache-control': 'no-store',
  };

  const upstreamAt = performance.now();
  const result = await callUpstream(deps, request, outgoing);
  headers['server-timing'] = serverTiming({
    receivedAt,
    retrievalMs,
    upstreamAt,
    answeredAt: performance.now(),
  });
  if (!result.ok) {
    record.learning = 'upstream_failed';
    return {
      kind: 'body',
      status: result.error.status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        ...result.headers,
        ...headers,
      },
      body: JSON.stringify(result.error.toBody()),
    };
  }
  const learn = (answer: string) => {
    const job = deps.learner.afterTurn(userId, messages, answer);
    record.jobId = job?.id ?? null;
    record.learning = job ? 'scheduled' : 'skipped';
    return job;
  };

  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    const source =
      result.kind === 'stream'
        ? result.stream
        : fromWebStream(completionToSse(result.body, includeUsage));
    return {
      kind: 'stream',
      headers: {
        ...result.headers,
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'x-accel-buffering': 'no',
      },
      source,
      relay: {
        idleTimeoutMs:
          deps.upstream.kind === 'offline'
            ? DEFAULT_IDLE_TIMEOUT_MS
            : (deps.upstream.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS),
        collectText: deps.config.extractMode !== 'never',
        onEnd: (outcome) => {
          if (outcome.ok) learn(outcome.text);
          else record.learning = 'upstream_failed';
        },
      },
    };
  }

  const completion = result.kind === 'json' ? result.body : await collectStream(result.stream);
  const job = learn(answerText(completion));
  if (showTrace) {
    completion.autoskill = {
      trace_id: traceId,
      retrieval,
      extraction: job ? { job_id: job.id, status: jobEvent(job).status } : null,
    };
  }
  return {
    kind: 'body',
    status: 200,
    headers: { ...result.headers, ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(completion),
  };
}

/** The upstream model: the configured one when the client named a served alias (or nothing). */
function upstreamModel(requested: string | undefined, deps: ProxyDependencies): string | undefined {
  const configured = deps.upstream.model;
  if (requested === undefined) return configured;
  if (configured !== undefined && deps.config.servedModels.includes(requested)) return configured;
  return requested;
}

function callUpstream(
  deps: ProxyDependencies,
  request: ChatRequest,
  body: Record<string, unknown>,
): Promise<UpstreamResult> {
  const { upstream } = deps;
  const { signal } = request;
  const typed = body as Record<string, unknown> & { messages: ChatMessage[] };
  if (upstream.kind === 'openai') {
    // Bring-your-own-key: with no upstream key and no proxy auth, the client's key goes upstream.
    const clientAuthorization = deps.keys.enabled
      ? undefined
      : headerValue(request.headers, 'authorization');
    return callOpenAIUpstream(upstream, '/chat/completions', body, { signal, clientAuthorization });
  }
  if (upstream.kind === 'anthropic') return callAnthropicUpstream(upstream, typed, signal);
  return deps.autoskill
    .ready()
    .then((runtime) => callOfflineUpstream(runtime.chatModel, typed, signal));
}

function scopeHeader(value: string | undefined): SearchScope | undefined {
  if (!value) return undefined;
  const scope = value.trim().toLowerCase();
  if (scope === 'library') return 'common';
  if (scope === 'user' || scope === 'common' || scope === 'all') return scope;
  throw new ProxyHttpError(
    400,
    'X-AutoSkill-Scope must be user, common (library) or all.',
    'invalid_request',
    'invalid_request_error',
    'X-AutoSkill-Scope',
  );
}

/** The text of choice 0 of a completion (string content or text parts). */
function answerText(completion: Record<string, unknown>): string {
  const choice = (
    completion.choices as Array<{ message?: { content?: unknown } }> | undefined
  )?.[0];
  const content = choice?.message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}
