import type { z } from 'zod';
import type { ProxyContext, ProxyDependencies } from '../app-context';

/** One HTTP route: its validators (also used for /openapi.json) and its handler. */
export interface RouteDefinition {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. `/v1/autoskill/skills/:id`. */
  path: string;
  summary: string;
  tag: 'openai' | 'skills' | 'retrieval' | 'extractions' | 'vectors' | 'meta';
  query?: z.ZodType;
  body?: z.ZodType;
  /** Other accepted request bodies (e.g. a zip upload), by content type. */
  alternativeBodies?: Record<string, { description: string }>;
  response?: z.ZodType;
  /** Response content type when not JSON (SSE, zip). */
  responseContentType?: string;
  handle: (context: ProxyContext, deps: ProxyDependencies) => Promise<Response> | Response;
}

/** A JSON response with `Cache-Control: no-store`. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}
