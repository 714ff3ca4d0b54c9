import type { ChatMessage, SearchScope } from '@autoskill/core';
import { type ProxyContext, type ProxyDependencies, userOf } from '../app-context';
import { requestSignal } from '../http/node-request';
import { ProxyHttpError } from '../http/proxy-http-error';
import { readJson, readQuery } from '../http/read-json';
import { previewBody, userQuery, vectorRebuildBody, vectorStatusQuery } from '../schemas';
import { jobEvent, skillSummary, traceJson } from '../serializers';
import {
  previewResponse,
  traceResponse,
  vectorRebuildResponse,
  vectorStatusResponse,
} from './response-schemas';
import { json, type RouteDefinition } from './route-definition';

function scopeOf(scope: string | undefined, fallback: SearchScope): SearchScope {
  if (scope === undefined) return fallback;
  return scope === 'library' ? 'common' : (scope as SearchScope);
}

/** What would be injected for these messages, without calling any chat model for an answer. */
async function preview(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, previewBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const scope = scopeOf(body.scope, deps.config.skillScope);
  const messages: ChatMessage[] = body.messages?.length
    ? (body.messages as ChatMessage[])
    : [{ role: 'user', content: (body.query ?? '').trim() }];
  const prepared = await deps.autoskill.prepareTurn({
    userId,
    messages,
    scope,
    topK: body.limit ?? deps.config.topK,
    minScore: body.min_score ?? deps.config.minScore,
    rewriteMode: body.rewrite_mode ?? deps.config.rewriteMode,
    abortSignal: requestSignal(context),
  });
  const trace = traceJson(prepared.trace);
  return json({
    object: 'retrieval_preview',
    user: userId,
    ...trace,
    hits_user: trace.hits.filter((hit) => hit.scope === 'user'),
    hits_library: trace.hits.filter((hit) => hit.scope === 'common'),
    query: trace.search_query,
    latest_user_query: trace.original_query,
    selected_skills: prepared.skills.map(skillSummary),
    context: prepared.context,
  });
}

async function getTrace(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context, deps.config);
  const record = deps.traces.get(context.req.param('trace_id') as string);
  if (!record || record.userId !== userId)
    throw new ProxyHttpError(
      404,
      'No such trace (traces are kept for the last 2000 chat requests).',
      'not_found',
    );
  const job = record.jobId ? deps.autoskill.learning.get(record.jobId) : undefined;
  return json({
    object: 'autoskill.trace',
    trace_id: record.id,
    user: record.userId,
    created_at: record.createdAt,
    retrieval: record.retrieval,
    learning: record.learning,
    extraction: job ? jobEvent(job) : null,
  });
}

async function vectorStatus(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, vectorStatusQuery);
  const userId = userOf(context, deps.config);
  const scope = scopeOf(query.scope, 'all');
  const data = await deps.autoskill.vectorStatus({ userId, scope });
  return json({ object: 'vector_status', user: userId, scope, data });
}

async function vectorRebuild(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, vectorRebuildBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  // The index is shared by all users: with per-user keys only the operator key may rebuild it.
  if (context.get('caller')?.boundUserId !== undefined) {
    throw new ProxyHttpError(
      403,
      'Rebuilding the shared vector index needs the proxy (operator) key.',
      'forbidden',
      'permission_error',
    );
  }
  const scope = scopeOf(body.scope, 'all');
  if (!body.blocking) {
    deps.autoskill
      .rebuildVectors({ force: body.force })
      .catch((error) =>
        deps.autoskill.logger.warn(`vector rebuild failed: ${(error as Error).message}`),
      );
    return json(
      {
        ok: true,
        object: 'vector_rebuild',
        data: {
          user: userId,
          scope,
          force: body.force,
          blocking: false,
          rebuilt: null,
          status: null,
        },
      },
      202,
    );
  }
  const rebuilt = await deps.autoskill.rebuildVectors({ force: body.force });
  const status = await deps.autoskill.vectorStatus({ userId, scope });
  return json({
    ok: true,
    object: 'vector_rebuild',
    data: { user: userId, scope, force: body.force, blocking: true, rebuilt, status },
  });
}

/** Retrieval preview, chat traces and vector index routes. */
export const retrievalRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/v1/autoskill/retrieval/preview',
    tag: 'retrieval',
    summary: 'Which skills a chat turn would get, and why the others were skipped',
    body: previewBody,
    response: previewResponse,
    handle: preview,
  },
  {
    method: 'get',
    path: '/v1/autoskill/traces/:trace_id',
    tag: 'retrieval',
    summary:
      'The retrieval trace and learning job of a chat request (id from the X-AutoSkill-Trace-Id header)',
    query: userQuery,
    response: traceResponse,
    handle: getTrace,
  },
  {
    method: 'get',
    path: '/v1/autoskill/vectors/status',
    tag: 'vectors',
    summary: 'How many skills have a fresh vector',
    query: vectorStatusQuery,
    response: vectorStatusResponse,
    handle: vectorStatus,
  },
  {
    method: 'post',
    path: '/v1/autoskill/vectors/rebuild',
    tag: 'vectors',
    summary: 'Re-embed missing/stale skills (force: all)',
    body: vectorRebuildBody,
    response: vectorRebuildResponse,
    handle: vectorRebuild,
  },
];
