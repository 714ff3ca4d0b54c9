import { parseSearchScope } from '@autoskill/core';
import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { scopeField, userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';

const vectorStatusQuery = z.object({ user: userField, scope: scopeField });

const vectorStatusData = z.object({
  index: z.string(),
  dimensions: z.number(),
  embeddings: z.string(),
  totalSkills: z.number(),
  indexedSkills: z.number(),
  missingSkills: z.number(),
});

async function vectorStatus(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, vectorStatusQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const scope = parseSearchScope(query.scope, { field: 'scope', fallback: 'all' });
  const data = await deps.autoskill.vectorStatus({ userId, scope });
  return json({ object: 'vector_status', user: userId, scope, data });
}

/** `GET /v1/autoskill/vectors/status`. */
export const vectorStatusRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/vectors/status',
  tag: 'vectors',
  capability: 'vectors.status',
  summary: 'How many skills have a fresh vector',
  query: vectorStatusQuery,
  response: z.object({ object: z.literal('vector_status'), data: vectorStatusData }),
  handle: vectorStatus,
};

const vectorRebuildBody = z.object({
  user: userField,
  scope: scopeField,
  force: z.boolean().default(false),
  blocking: z.boolean().default(true),
});

async function vectorRebuild(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, vectorRebuildBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  // The index is shared by all users: with per-user keys only the operator key may rebuild it.
  if (edge.caller.boundUserId !== undefined) {
    throw new ProxyHttpError(
      403,
      'Rebuilding the shared vector index needs the proxy (operator) key.',
      'forbidden',
      'permission_error',
    );
  }
  const scope = parseSearchScope(body.scope, { field: 'scope', fallback: 'all' });
  const { force, blocking } = body;
  if (!blocking) {
    deps.autoskill
      .rebuildVectors({ force })
      .catch((error) =>
        deps.autoskill.logger.warn(`vector rebuild failed: ${(error as Error).message}`),
      );
    const data = { user: userId, scope, force, blocking, rebuilt: null, status: null };
    return json({ ok: true, object: 'vector_rebuild', data }, 202);
  }
  const rebuilt = await deps.autoskill.rebuildVectors({ force });
  const status = await deps.autoskill.vectorStatus({ userId, scope });
  return json({
    ok: true,
    object: 'vector_rebuild',
    data: { user: userId, scope, force, blocking, rebuilt, status },
  });
}

/** `POST /v1/autoskill/vectors/rebuild`. */
export const vectorRebuildRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/autoskill/vectors/rebuild',
  tag: 'vectors',
  capability: 'vectors.rebuild',
  changesSkills: true,
  summary: 'Re-embed missing/stale skills (force: all)',
  body: vectorRebuildBody,
  response: z.object({
    ok: z.boolean(),
    object: z.literal('vector_rebuild'),
    data: z.object({
      user: z.string(),
      scope: z.string(),
      force: z.boolean(),
      blocking: z.boolean(),
      rebuilt: z.number().nullable(),
      status: vectorStatusData.nullable(),
    }),
  }),
  handle: vectorRebuild,
};
