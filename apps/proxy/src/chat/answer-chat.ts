import type { Readable } from 'node:stream';
import type { ChatMessage } from '@autoskill/core';
import { type BodyReply, errorReply, jsonReply } from '../edge/body-reply';
import type { EdgeRequest } from '../edge/edge-request';
import { parseJsonObject, validate } from '../edge/parse-request';
import { userOf } from '../edge/user-of';
import type { ProxyDependencies } from '../server/proxy-dependencies';
import { isServedModel } from '../server/served-models';
import type { RelayOptions } from '../sse/stream-relay';
import { callChatUpstream } from '../upstream/call-chat-upstream';
import { collectCompletion } from '../upstream/collect-completion';
import { fromWebStream } from '../upstream/from-web-stream';
import { completionToSse } from '../upstream/openai-format';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../upstream/upstream';
import { isValidChatBody } from './chat-body-check';
import { injectSkills, retrieveForTurn } from './chat-retrieval';
import { chatCompletionBody } from './chat-schemas';
import { serverTiming } from './server-timing';
import { newTraceId, type TraceRecord } from './trace-store';
import { turnSettingsOf } from './turn-settings';

export const TRACE_ID_HEADER = 'x-autoskill-trace-id';
export const TRACE_SWITCH_HEADER = 'x-autoskill-trace';

/** What to send back: a whole body, or upstream SSE bytes to relay with these options. */
export type ChatReply =
  | ({ kind: 'body' } & BodyReply)
  | { kind: 'stream'; headers: Record<string, string>; source: Readable; relay: RelayOptions };

/**
 * `POST /v1/chat/completions`, whichever server received it: the body (through the edge's one
 * reader) → retrieval → one system message with the skills placed just before the latest user
 * message → the client's body, otherwise unchanged, to the upstream → the answer (streams are
 * relayed by the caller) → learning in the background. Invalid requests throw ProxyHttpError;
 * upstream failures come back as an error body.
 */
export async function answerChat(
  request: EdgeRequest,
  deps: ProxyDependencies,
): Promise<ChatReply> {
  // Wired before the body is read: a client leaving at any point aborts the turn.
  const { signal } = request;
  const bodyText = (await request.body()).toString('utf8');
  const receivedAt = performance.now();
  const raw = parseJsonObject(bodyText);
  const body = isValidChatBody(raw) ? raw : validate(chatCompletionBody, raw);
  const userId = userOf(request, deps.config.defaultUserId, body.user);
  const settings = turnSettingsOf(request, deps.config);
  const traceId = newTraceId();
  const showTrace = (request.header(TRACE_SWITCH_HEADER) ?? '').trim().toLowerCase() !== 'off';
  const messages = raw.messages as ChatMessage[];

  const retrievalStartedAt = performance.now();
  const prepared = await retrieveForTurn(deps, { userId, messages, settings, signal });
  const retrievalMs = performance.now() - retrievalStartedAt;
  // The parsed body is ours: it becomes the upstream body (`messages` keeps the client's list).
  const outgoing = raw;
  outgoing.messages = injectSkills(messages, prepared.context);
  const model = upstreamModel(body.model, deps);
  if (model !== undefined) outgoing.model = model;
  const { retrieval } = prepared;
  if (request.access) request.access.skills = retrieval.selected_for_context_ids;
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
  const result = await callChatUpstream(deps, outgoing, request);
  headers['server-timing'] = serverTiming({
    receivedAt,
    retrievalMs,
    upstreamAt,
    answeredAt: performance.now(),
  });
  if (!result.ok) {
    record.learning = 'upstream_failed';
    return { kind: 'body', ...errorReply(result.error, { ...result.headers, ...headers }) };
  }
  const learn = (answer: string) => {
    recordUsage(deps, userId, retrieval, answer);
    const job = deps.learner.afterTurn(userId, messages, answer, settings.extractMode);
    record.jobId = job?.id ?? null;
    record.learning = !job ? 'skipped' : job.status === 'dropped' ? 'dropped' : 'scheduled';
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
        // The text is needed to learn from the turn and to judge which injected skills it used.
        collectText:
          deps.config.extractMode !== 'never' || retrieval.selected_for_context_ids.length > 0,
        onEnd: (outcome) => {
          if (outcome.ok) learn(outcome.text);
          else record.learning = 'upstream_failed';
        },
      },
    };
  }

  const completion = result.kind === 'json' ? result.body : await collectCompletion(result.stream);
  const job = learn(answerText(completion));
  if (showTrace) {
    completion.autoskill = {
      trace_id: traceId,
      retrieval,
      extraction: job ? { job_id: job.id, status: job.status } : null,
    };
  }
  return { kind: 'body', ...jsonReply(completion, 200, { ...result.headers, ...headers }) };
}

/** The upstream model: the configured one when the client named a served alias (or nothing). */
function upstreamModel(requested: string | undefined, deps: ProxyDependencies): string | undefined {
  const configured = deps.upstream.model;
  if (requested === undefined) return configured;
  if (configured !== undefined && isServedModel(deps.config.servedModels, requested))
    return configured;
  return requested;
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

/** Counts the turn's retrieved and injected skills; which were used is judged in the background. */
function recordUsage(
  deps: ProxyDependencies,
  userId: string,
  retrieval: { original_query: string; hits: { id: string }[]; selected_for_context_ids: string[] },
  answer: string,
): void {
  try {
    deps.autoskill.recordTurnUsage({
      userId,
      query: retrieval.original_query,
      retrievedIds: retrieval.hits.map((hit) => hit.id),
      injectedIds: retrieval.selected_for_context_ids,
      answer,
    });
  } catch {
    // Usage is advisory: a turn is never failed over its bookkeeping.
  }
}
