import { jsonReply, webResponse } from '../edge/body-reply';
import type { ProxyContext, ProxyDependencies } from '../server/proxy-dependencies';
import type { RouteDescription } from './route-description';

/**
 * One HTTP route: its description (validators, response shape, capability) and its handler.
 * Every route is listed once, in `route-table.ts`.
 */
export interface RouteDefinition extends RouteDescription {
  handle: (context: ProxyContext, deps: ProxyDependencies) => Promise<Response> | Response;
}

/** A JSON response with `Cache-Control: no-store`. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return webResponse(jsonReply(value, status, headers));
}
