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
  return readIncomingBody(incoming, maxBytes);
}

/**
 * Reads a Node request body as UTF-8 text. Above `maxBytes` it rejects with a 413 at once and
 * discards the rest (the caller answers and closes the connection).
 */
export function readIncomingBody(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else
        reject(
          new ProxyHttpError(
            413,
            `Request body is larger than ${maxBytes} bytes.`,
            'request_too_large',
          ),
        );
    });
    incoming.on('end', () =>
      resolve(
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8'),
      ),
    );
    incoming.on('error', reject);
    // A client that leaves mid-body: settle instead of waiting forever.
    incoming.on('close', () => {
      if (!incoming.complete)
        reject(
          new ProxyHttpError(499, 'The client closed the connection.', 'client_closed_request'),
        );
    });
  });
}
