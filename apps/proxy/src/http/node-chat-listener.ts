import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ProxyDependencies } from '../app-context';
import { answerChat } from '../routes/chat-turn';
import { headerValue } from './header-value';
import { readIncomingBody } from './node-request';
import { ProxyHttpError, toProxyHttpError } from './proxy-http-error';
import { type RelaySink, relayStream } from './stream-relay';

const CHAT_PATH = '/v1/chat/completions';

/**
 * A Node request listener that answers `POST /v1/chat/completions` straight from node:http
 * (the proxy's hot path: no WHATWG Request/Response or web streams, upstream bytes written to
 * the socket as they arrive) and hands every other request to `fallback` (the Hono app).
 * It applies the same body limit, auth and error shape as the Hono middleware.
 */
export function createChatListener(
  deps: ProxyDependencies,
  fallback: RequestListener,
): RequestListener {
  return (request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST' || !(url === CHAT_PATH || url.startsWith(`${CHAT_PATH}?`))) {
      fallback(request, response);
      return;
    }
    void serveChat(request, response, deps, url);
  };
}

async function serveChat(
  request: IncomingMessage,
  response: ServerResponse,
  deps: ProxyDependencies,
  url: string,
): Promise<void> {
  try {
    const { maxBodyBytes } = deps.config;
    if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes)
      throw new ProxyHttpError(
        413,
        `Request body is larger than ${maxBodyBytes} bytes.`,
        'request_too_large',
      );
    const caller = deps.keys.check(headerValue(request.headers, 'authorization'));
    const bodyText = await readIncomingBody(request, maxBodyBytes);
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort(new Error('Client connection closed.'));
    });
    const query = url.indexOf('?');
    const reply = await answerChat(
      {
        bodyText,
        headers: request.headers,
        queryUser:
          query === -1
            ? undefined
            : (new URLSearchParams(url.slice(query + 1)).get('user') ?? undefined),
        caller,
        signal: controller.signal,
        receivedAt: performance.now(),
      },
      deps,
    );
    if (reply.kind === 'body') {
      send(response, reply.status, reply.headers, reply.body);
      return;
    }
    if (response.destroyed) {
      reply.source.destroy();
      return;
    }
    response.writeHead(200, reply.headers);
    const relay = relayStream(reply.source, new ResponseSink(response), reply.relay);
    response.once('close', () => {
      if (!response.writableFinished) relay.cancel(new Error('Client connection closed.'));
    });
  } catch (error) {
    const failure = toProxyHttpError(error);
    if (failure.status >= 500) deps.autoskill.logger.warn(`proxy: ${failure.message}`);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    send(
      response,
      failure.status,
      {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        // The rest of an oversized body is not read: end the connection with the answer.
        ...(failure.status === 413 ? { connection: 'close' } : {}),
      },
      JSON.stringify(failure.toBody()),
    );
  }
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  if (response.destroyed) return;
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

/** The client's response as the relay's sink (a class: no closures per request). */
class ResponseSink implements RelaySink {
  constructor(private readonly response: ServerResponse) {}

  write(chunk: Uint8Array): boolean {
    return this.response.destroyed || this.response.write(chunk);
  }

  end(): void {
    this.response.end();
  }

  onDrain(listener: () => void): void {
    this.response.once('drain', listener);
  }
}
