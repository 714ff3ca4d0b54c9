import { z } from 'zod';
import { traceSchema } from '../../chat/trace-json';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userQuery } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { extractionEventSchema } from '../extractions/job-json';
import { findTrace } from './trace-lookup';

async function getTrace(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const found = await findTrace(deps, context.req.param('trace_id') as string);
  if (!found || found.record.userId !== userId)
    throw new ProxyHttpError(
      404,
      'No such trace (traces are kept for the last 2000 chat requests).',
      'not_found',
    );
  const { record, extraction } = found;
  return json({
    object: 'autoskill.trace',
    trace_id: record.id,
    user: record.userId,
    created_at: record.createdAt,
    retrieval: record.retrieval,
    learning: record.learning,
    extraction,
  });
}

/** `GET /v1/autoskill/traces/{trace_id}`. */
export const traceRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/traces/:trace_id',
  tag: 'retrieval',
  capability: 'retrieval.traces',
  summary:
    'The retrieval trace and learning job of a chat request (id from the X-AutoSkill-Trace-Id header)',
  query: userQuery,
  response: z.object({
    object: z.literal('autoskill.trace'),
    trace_id: z.string(),
    user: z.string(),
    created_at: z.string(),
    retrieval: traceSchema,
    learning: z.string(),
    extraction: extractionEventSchema.nullable(),
  }),
  handle: getTrace,
};
