import { json, type RouteDefinition } from '../../routes/route-definition';
import type { RouteDescription } from '../../routes/route-description';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { buildOpenApi } from './build-openapi';

// One document per route table, built on first request.
const documents = new WeakMap<readonly RouteDescription[], Record<string, unknown>>();

function openApi(_context: ProxyContext, deps: ProxyDependencies): Response {
  let document = documents.get(deps.routes);
  if (!document) {
    document = buildOpenApi(deps.routes);
    documents.set(deps.routes, document);
  }
  return json(document);
}

/** `GET /openapi.json` (no key needed). */
export const openApiRoute: RouteDefinition = {
  method: 'get',
  path: '/openapi.json',
  tag: 'meta',
  capability: 'meta.openapi',
  summary: 'This document (no auth)',
  handle: openApi,
};

/** `GET /v1/autoskill/openapi.json`. */
export const openApiV1Route: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/openapi.json',
  tag: 'meta',
  summary: 'This document',
  handle: openApi,
};
