import type { z } from 'zod';

/**
 * What a route is, without its handler: `/openapi.json` and `/v1/autoskill/capabilities` are
 * generated from these.
 */
export interface RouteDescription {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. `/v1/autoskill/skills/:id`. */
  path: string;
  summary: string;
  tag: 'openai' | 'skills' | 'retrieval' | 'extractions' | 'vectors' | 'sessions' | 'meta';
  /** `group.name` under which `/v1/autoskill/capabilities` lists the path (unlisted when absent). */
  capability?: `${string}.${string}`;
  /** Changes skills or vectors: the chat retrieval cache is cleared after it (even on failure). */
  changesSkills?: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Other accepted request bodies (e.g. a zip upload), by content type. */
  alternativeBodies?: Record<string, { description: string }>;
  response?: z.ZodType;
  /** Response content type when not JSON (SSE, zip). */
  responseContentType?: string;
}

/** A Hono path in OpenAPI's form: `/skills/:id` → `/skills/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}
