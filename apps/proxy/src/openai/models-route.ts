import { z } from 'zod';
import { json, type RouteDefinition } from '../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../server/proxy-dependencies';
import { normalizeServedModels, type ServedModel } from '../server/served-models';

const STARTED = Math.floor(Date.now() / 1000);

/** Models `/v1/models` lists: the served ones, else the upstream model. */
export function listedModels(deps: Pick<ProxyDependencies, 'config' | 'upstream'>): ServedModel[] {
  const served = normalizeServedModels(deps.config.servedModels);
  if (served.length > 0) return served;
  return [{ id: deps.upstream.model ?? 'autoskill-model' }];
}

function models(_context: ProxyContext, deps: ProxyDependencies): Response {
  return json({
    object: 'list',
    data: listedModels(deps).map((model) => ({
      id: model.id,
      object: 'model',
      created: model.created ?? STARTED,
      owned_by: model.owned_by ?? 'autoskill-proxy',
    })),
  });
}

/** `GET /v1/models`. */
export const modelsRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/models',
  tag: 'openai',
  summary: 'Models this proxy serves',
  response: z.object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal('model'),
        created: z.number(),
        owned_by: z.string(),
      }),
    ),
  }),
  handle: models,
};
