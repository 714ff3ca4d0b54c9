import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { EdgeRequest } from './edge-request';
import { headerValue } from './header-value';
import type { Caller, KeyChecker } from './identity';
import { NodeEdgeRequest } from './node-edge-request';
import { requestTooLarge } from './proxy-http-error';
import { WebEdgeRequest } from './web-edge-request';

/** What admission checks against: the body limit and the keys. */
export interface EdgeGate {
  maxBodyBytes: number;
  keys: KeyChecker;
}

const OPEN: Caller = Object.freeze({});

/**
 * The first step of every request, on both servers: a declared body larger than `maxBodyBytes`
 * → 413 before a byte is read; under `/v1/` a missing or wrong key → 401. Returns the caller.
 */
export function admit(
  gate: EdgeGate,
  request: {
    path: string;
    contentLength: string | undefined;
    authorization: string | undefined;
    /** Reads a request header (the trusted identity header, when one is configured). */
    header?: (name: string) => string | undefined;
  },
): Caller {
  if (Number(request.contentLength ?? 0) > gate.maxBodyBytes)
    throw requestTooLarge(gate.maxBodyBytes);
  const { identityHeader } = gate.keys;
  const identity = identityHeader === undefined ? undefined : request.header?.(identityHeader);
  return request.path.startsWith('/v1/') ? gate.keys.check(request.authorization, identity) : OPEN;
}

/** Admits a request node:http received (the chat listener) and returns its edge view. */
export function admitNodeRequest(
  gate: EdgeGate,
  incoming: IncomingMessage,
  response: ServerResponse,
  path: string,
): NodeEdgeRequest {
  const caller = admit(gate, {
    path,
    contentLength: headerValue(incoming.headers, 'content-length'),
    authorization: headerValue(incoming.headers, 'authorization'),
    header: (name) => headerValue(incoming.headers, name),
  });
  return new NodeEdgeRequest(incoming, response, caller, gate.maxBodyBytes);
}

/**
 * Admits a request that reached the Hono app and returns its edge view: over Node's own request
 * and response when node:http serves it (`@hono/node-server` passes them as `env`), else over
 * the WHATWG Request (`app.request()`, fetch-style servers).
 */
export function admitHonoRequest(gate: EdgeGate, context: Context): EdgeRequest {
  const caller = admit(gate, {
    path: context.req.path,
    contentLength: context.req.header('content-length'),
    authorization: context.req.header('authorization'),
    header: (name) => context.req.header(name),
  });
  const env = context.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  if (env?.incoming && env.outgoing)
    return new NodeEdgeRequest(env.incoming, env.outgoing, caller, gate.maxBodyBytes);
  return new WebEdgeRequest(context.req.raw, caller, gate.maxBodyBytes);
}
