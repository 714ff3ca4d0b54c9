import { randomUUID } from 'node:crypto';
import type { ChatMessage, SearchScope } from '@autoskill/core';
import { type PreparedTurn, type RetrievalTrace, skillsSystemMessage } from '@autoskill/sdk';
import { type ProxyContext, type ProxyDependencies, userOf } from '../app-context';
import { requestSignal } from '../http/node-request';
import { errorResponse, ProxyHttpError } from '../http/proxy-http-error';
import { parseJsonObject, readBodyText, validate } from '../http/read-json';
import { SseParser, sseFrame } from '../http/sse-parser';
import { chatCompletionBody } from '../schemas';
import { jobEvent, traceJson } from '../serializers';
import { callAnthropicUpstream } from '../upstream/anthropic-upstream';
import { callOfflineUpstream } from '../upstream/offline-upstream';
import { completionToSse } from '../upstream/openai-format';
import { callOpenAIUpstream } from '../upstream/openai-upstream';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../upstream/upstream';
import type { UpstreamResult } from '../upstream/upstream-result';

export const TRACE_ID_HEADER = 'x-autoskill-trace-id';
export const TRACE_SWITCH_HEADER = 'x-autoskill-trace';

/**
 * `POST /v1/chat/completions`: retrieval → one system message with the skills placed just before
 * the latest user message → the client's body, otherwise unchanged, to the upstream → the answer
 * back (streamed bytes relayed as they arrive) → learning scheduled in the background.
 */
export async function chatCompletions(
  context: ProxyContext,
  deps: ProxyDependencies,
): Promise<Response> {
  const raw = parseJsonObject(await readBodyText(context, deps.config.maxBodyBytes));
  const body = validate(chatCompletionBody, raw);
  const userId = userOf(context, deps.config, body.user);
  const scope = scopeHeader(context.req.header('x-autoskill-scope')) ?? deps.config.skillScope;
  const signal = requestSignal(context);
  const traceId = `trace_${randomUUID().replace(/-/g, '')}`;
  const showTrace = (context.req.header(TRACE_SWITCH_HEADER) ?? '').trim().toLowerCase() !== 'off';
  const messages = raw.messages as ChatMessage[];

  const prepared = await prepare(deps, { userId, messages, scope, signal });
  const outgoing: Record<string, unknown> = {
    ...raw,
    messages: injectSkills(messages, prepared.context),
  };
  const model = upstreamModel(body.model, deps);
  if (model !== undefined) outgoing.model = model;
  const retrieval = { ...traceJson(prepared.trace), cache_hit: prepared.cacheHit };
  const record = {
    id: traceId,
    userId,
    createdAt: new Date().toISOString(),
    retrieval,
    jobId: null as string | null,
    learning: 'pending' as const,
  };
  deps.traces.put({ ...record });
  const headers: Record<string, string> = {
    [TRACE_ID_HEADER]: traceId,
    'cache-control': 'no-store',
  };

  const result = await callUpstream(deps, context, outgoing, signal);
  if (!result.ok) {
    deps.traces.put({ ...record, learning: 'upstream_failed' });
    return errorResponse(result.error, { ...result.headers, ...headers });
  }
  const learn = (answer: string) => {
    const job = deps.learner.afterTurn(userId, messages, answer);
    deps.traces.put({ ...record, jobId: job?.id ?? null, learning: job ? 'scheduled' : 'skipped' });
    return job;
  };

  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    const source =
      result.kind === 'stream' ? result.stream : completionToSse(result.body, includeUsage);
    const idleTimeoutMs =
      deps.upstream.kind === 'offline'
        ? DEFAULT_IDLE_TIMEOUT_MS
        : (deps.upstream.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    const stream = relayStream(source, {
      idleTimeoutMs,
      collectText: deps.config.extractMode !== 'never',
      onEnd: (outcome) => {
        if (outcome.ok) learn(outcome.text);
        else deps.traces.put({ ...record, learning: 'upstream_failed' });
      },
    });
    return new Response(stream, {
      status: 200,
      headers: {
        ...result.headers,
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      },
    });
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
  return new Response(JSON.stringify(completion), {
    status: 200,
    headers: { ...result.headers, ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
}

async function prepare(
  deps: ProxyDependencies,
  options: { userId: string; messages: ChatMessage[]; scope: SearchScope; signal: AbortSignal },
): Promise<PreparedTurn & { cacheHit: boolean }> {
  const { config } = deps;
  let key: string | undefined;
  if (deps.retrievalCache.enabled) {
    const runtime = await deps.autoskill.ready();
    const withHistory = runtime.languageModel !== undefined && config.rewriteMode !== 'never';
    key = deps.retrievalCache.key({
      userId: options.userId,
      scope: options.scope,
      topK: config.topK,
      minScore: config.minScore,
      rewriteMode: config.rewriteMode,
      withHistory,
      messages: options.messages,
    });
    const cached = deps.retrievalCache.get(key);
    if (cached) return { ...cached, trace: { ...cached.trace, elapsedMs: 0 }, cacheHit: true };
  }
  try {
    const prepared = await deps.autoskill.prepareTurn({
      userId: options.userId,
      messages: options.messages,
      scope: options.scope,
      topK: config.topK,
      minScore: config.minScore,
      rewriteMode: config.rewriteMode,
      abortSignal: options.signal,
    });
    if (key !== undefined) deps.retrievalCache.set(key, prepared);
    return { ...prepared, cacheHit: false };
  } catch (error) {
    // Retrieval must never block the answer: forward without skills and say why in the trace.
    const trace: RetrievalTrace = {
      originalQuery: '',
      rewrittenQuery: null,
      searchQuery: '',
      rewriteMode: config.rewriteMode,
      scope: options.scope,
      topK: config.topK,
      minScore: config.minScore,
      hits: [],
      injectedIds: [],
      elapsedMs: 0,
      error: `retrieval failed: ${(error as Error).message}`,
    };
    deps.autoskill.logger.warn(trace.error as string);
    return { trace, context: '', skills: [], cacheHit: false };
  }
}

/**
 * The client's messages with one system message holding the skills inserted just before the
 * latest user message. Every message before it keeps its exact content, so a vendor's prompt
 * cache over the caller's prefix still hits.
 */
export function injectSkills(messages: ChatMessage[], context: string): ChatMessage[] {
  if (context === '') return messages;
  let index = messages.length - 1;
  while (index >= 0 && messages[index]?.role !== 'user') index--;
  if (index < 0) return messages;
  return [...messages.slice(0, index), skillsSystemMessage(context), ...messages.slice(index)];
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
  context: ProxyContext,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<UpstreamResult> {
  const { upstream } = deps;
  const typed = body as Record<string, unknown> & { messages: ChatMessage[] };
  if (upstream.kind === 'openai') {
    // Bring-your-own-key: with no upstream key and no proxy auth, the client's key goes upstream.
    const clientAuthorization = deps.keys.enabled ? undefined : context.req.header('authorization');
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

interface StreamOutcome {
  ok: boolean;
  text: string;
}

/**
 * Passes the upstream SSE bytes through untouched while parsing a copy for the answer text.
 * A broken or stalled upstream ends the stream with an OpenAI error event (clients raise it);
 * the client going away cancels the upstream read (and so the upstream request).
 */
export function relayStream(
  source: ReadableStream<Uint8Array>,
  options: {
    idleTimeoutMs: number;
    collectText?: boolean;
    onEnd: (outcome: StreamOutcome) => void;
  },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const parser = new SseParser();
  const collectText = options.collectText ?? true;
  let text = '';
  let failed = false;
  let ended = false;
  let cancelled = false;
  let stalled = false;
  // One timer per stream, pushed back on every chunk (cheaper than a timer per read).
  const idle = setTimeout(() => {
    stalled = true;
    reader.cancel(new Error('idle timeout')).catch(() => {});
  }, options.idleTimeoutMs);
  const end = (ok: boolean) => {
    if (ended) return;
    ended = true;
    clearTimeout(idle);
    try {
      options.onEnd({ ok: ok && !failed, text });
    } catch {
      // Learning problems never reach the client.
    }
  };
  const collect = (events: Array<{ data: string }>) => {
    for (const event of events) {
      if (event.data === '[DONE]' || event.data === '') continue;
      if (!collectText && !event.data.includes('"error"')) continue;
      let chunk: {
        error?: unknown;
        choices?: Array<{ index?: number; delta?: { content?: unknown } }>;
      };
      try {
        chunk = JSON.parse(event.data);
      } catch {
        continue;
      }
      if (chunk.error) failed = true;
      for (const choice of chunk.choices ?? []) {
        if ((choice.index ?? 0) === 0 && typeof choice.delta?.content === 'string')
          text += choice.delta.content;
      }
    }
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, reason: string) => {
    failed = true;
    const message = `The upstream stream broke off: ${reason}`;
    controller.enqueue(
      sseFrame(
        JSON.stringify({
          error: { message, type: 'upstream_error', param: null, code: 'upstream_stream_error' },
        }),
      ),
    );
    controller.close();
    end(false);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (error) {
        reader.cancel(error).catch(() => {});
        if (!cancelled) fail(controller, describe(error));
        return;
      }
      if (cancelled) return;
      if (stalled) {
        fail(controller, `upstream sent nothing for ${options.idleTimeoutMs} ms`);
        return;
      }
      idle.refresh();
      if (result.done) {
        collect(parser.end());
        controller.close();
        end(true);
        return;
      }
      controller.enqueue(result.value);
      collect(parser.push(result.value));
    },
    cancel(reason) {
      cancelled = true;
      failed = true;
      end(false);
      return reader.cancel(reason);
    },
  });
}

async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Record<string, unknown>> {
  // Only used if an upstream streams a non-stream request: rebuild one completion.
  const parser = new SseParser();
  let text = '';
  let last: Record<string, unknown> = {};
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    for (const event of parser.push(chunk)) {
      if (event.data === '[DONE]') continue;
      try {
        last = JSON.parse(event.data);
        const delta = (last.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]
          ?.delta?.content;
        if (typeof delta === 'string') text += delta;
      } catch {
        // skip
      }
    }
  }
  return {
    ...last,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
