import { type ChatMessage, parseSearchScope } from '@autoskill/core';
import { z } from 'zod';
import { traceJson, traceSchema } from '../../chat/trace-json';
import { readJson } from '../../edge/parse-request';
import { userOf } from '../../edge/user-of';
import {
  messagesOrQuery,
  messagesOrQueryIssue,
  needsMessagesOrQuery,
  scopeField,
} from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { skillSummary, skillSummarySchema } from '../skills/skill-json';

const previewBody = z
  .object({
    ...messagesOrQuery,
    scope: scopeField,
    limit: z.number().int().min(1).max(50).optional(),
    min_score: z.number().min(0).max(1).optional(),
    rewrite_mode: z.enum(['always', 'auto', 'never']).optional(),
  })
  .refine(needsMessagesOrQuery, messagesOrQueryIssue);

/** What would be injected for these messages, without calling any chat model for an answer. */
async function preview(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, previewBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const messages: ChatMessage[] = body.messages?.length
    ? (body.messages as ChatMessage[])
    : [{ role: 'user', content: (body.query ?? '').trim() }];
  const prepared = await deps.autoskill.prepareTurn({
    userId,
    messages,
    scope: parseSearchScope(body.scope, { field: 'scope', fallback: deps.config.skillScope }),
    topK: body.limit ?? deps.config.topK,
    minScore: body.min_score ?? deps.config.minScore,
    rewriteMode: body.rewrite_mode ?? deps.config.rewriteMode,
    abortSignal: edge.signal,
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

/** `POST /v1/autoskill/retrieval/preview`. */
export const previewRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/autoskill/retrieval/preview',
  tag: 'retrieval',
  capability: 'retrieval.preview',
  summary: 'Which skills a chat turn would get, and why the others were skipped',
  body: previewBody,
  response: traceSchema.extend({
    object: z.literal('retrieval_preview'),
    user: z.string(),
    query: z.string(),
    latest_user_query: z.string(),
    hits_user: traceSchema.shape.hits,
    hits_library: traceSchema.shape.hits,
    selected_skills: z.array(skillSummarySchema),
    context: z.string(),
  }),
  handle: preview,
};
