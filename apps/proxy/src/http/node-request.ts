import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { ProxyHttpError } from './proxy-http-error';

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

function bindings(context: Context): NodeBindings {
  return ((context.env as NodeBindings | undefined) ?? {}) as NodeBindings;
}

const signals = new WeakMap<Context, AbortSignal>();

/**
 * Aborts when the client goes away before the response finished. On Node it listens to the
 * socket directly: asking Hono for `req.raw.signal` would build a full WHATWG Request (and a web
 * stream over the body) for every call, which costs more than the rest of a proxied request.
 */
export function requestSignal(context: Context): AbortSignal {
  const cached = signals.get(context);
  if (cached) return cached;
  const { outgoing } = bindings(context);
  let signal: AbortSignal;
  if (outgoing) {
    const controller = new AbortController();
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) controller.abort(new Error('Client connection closed.'));
    });
    signal = controller.signal;
  } else signal = context.req.raw.signal;
  signals.set(context, signal);
  return signal;
}

/** The request body as text (413 above `maxBytes`), read straight from Node's stream when there is one. */
export async function readNodeBody(
  context: Context,
  maxBytes: number,
): Promise<string | undefined> {
  const { incoming } = bindings(context);
  if (!incoming || incoming.readableEnded || incoming.readableDidRead) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new ProxyHttpError(
        413,
        `Request body is larger than ${maxBytes} bytes.`,
        'request_too_large',
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
