import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerChat } from '../chat/answer-chat';
import { admitNodeRequest, type EdgeGate } from '../edge/admit';
import { type BodyReply, failureReply } from '../edge/body-reply';
import { type RelaySink, relayStream } from '../sse/stream-relay';
import type { ProxyDependencies } from './proxy-dependencies';

const CHAT_PATH = '/v1/chat/completions';

/**
 * The Node request listener of the proxy: `POST /v1/chat/completions` is answered straight from
 * node:http (the hot path: no WHATWG Request/Response or web streams, upstream bytes written to
 * the socket as they arrive); every other request goes to `fallback` (the Hono app). Both go
 * through the same edge: `admit`, an edge request, the one body reader, the same error replies.
 */
export function createNodeListener(
  deps: ProxyDependencies,
  fallback: RequestListener,
): RequestListener {
  const gate: EdgeGate = { maxBodyBytes: deps.config.maxBodyBytes, keys: deps.keys };
  return (request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST' || !(url === CHAT_PATH || url.startsWith(`${CHAT_PATH}?`))) {
      fallback(request, response);
      return;
    }
    void serveChat(request, response, deps, gate);
  };
}

async function serveChat(
  incoming: IncomingMessage,
  response: ServerResponse,
  deps: ProxyDependencies,
  gate: EdgeGate,
): Promise<void> {
  try {
    const request = admitNodeRequest(gate, incoming, response, CHAT_PATH);
    const reply = await answerChat(request, deps);
    if (reply.kind === 'body') {
      send(response, reply);
      return;
    }
    if (response.destroyed) {
      reply.source.destroy();
      return;
    }
    response.writeHead(200, reply.headers);
    const relay = relayStream(reply.source, new ResponseSink(response), reply.relay);
    request.signal.addEventListener('abort', () => relay.cancel(request.signal.reason), {
      once: true,
    });
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    send(response, failureReply(error, deps.autoskill.logger));
  }
}

function send(response: ServerResponse, reply: BodyReply): void {
  if (response.destroyed) return;
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  });
  response.end(reply.body);
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
