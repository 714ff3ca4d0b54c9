import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { EdgeRequest } from './edge-request';
import type { Caller } from './identity';
import { NodeEdgeRequest } from './node-edge-request';
import { WebEdgeRequest } from './web-edge-request';

/**
 * The edge view of a request reaching the Hono app: over Node's own request and response when
 * node:http serves it (`@hono/node-server` passes them as `env`), else over the WHATWG Request.
 */
export function edgeRequestOf(context: Context, caller: Caller): EdgeRequest {
  const env = context.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  if (env?.incoming && env.outgoing) return new NodeEdgeRequest(env.incoming, env.outgoing, caller);
  return new WebEdgeRequest(context.req.raw, caller);
}
