import type { Logger } from '@autoskill/sdk';
import { type ProxyHttpError, toProxyHttpError } from './proxy-http-error';

/** A whole response (status, headers, body text). Both servers send these as they are. */
export interface BodyReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** JSON with `Cache-Control: no-store`. */
export function jsonReply(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
): BodyReply {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: JSON.stringify(value),
  };
}

/**
 * An error in OpenAI's shape. A 413 also closes the connection: the rest of an oversized body is
 * not read.
 */
export function errorReply(error: ProxyHttpError, headers: Record<string, string> = {}): BodyReply {
  return jsonReply(
    error.toBody(),
    error.status,
    error.status === 413 ? { connection: 'close', ...headers } : headers,
  );
}

/** Whatever a request threw, as the error reply; server errors (5xx) are logged here, once. */
export function failureReply(error: unknown, logger: Logger): BodyReply {
  const failure = toProxyHttpError(error);
  if (failure.status >= 500) logger.warn(`proxy: ${failure.message}`);
  return errorReply(failure);
}

/** A reply as a WHATWG Response (Hono routes). */
export function webResponse(reply: BodyReply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
