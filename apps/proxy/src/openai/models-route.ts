import { z } from 'zod';
import { json, type RouteDefinition } from '../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../server/proxy-dependencies';

const STARTED = Math.floor(Date.now() / 1000);

/** Model ids `/v1/models` lists: the served aliases, else the upstream model. */
export function listedModels(deps: Pick<ProxyDependencies, 'config' | 'upstream'>): string[] {
  if (deps.config.servedModels.length > 0) return deps.config.servedModels;
  return [deps.upstream.model ?? 'autoskill-model'];
}

function models(_context: ProxyContext, deps: ProxyDependencies): Response {
  return json({
    object: 'list',
    data: listedModels(deps).map((id) => ({
      id,
      object: 'model',
      created: STARTED,
      owned_by: 'autoskill-proxy',
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
