import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Keep-alive pools shared by every upstream call (node:http is several times cheaper per request
// than fetch, whose WHATWG Request/Response/stream objects dominated the proxy's CPU profile).
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512 });

/** The part of a fetch `Response` the proxy uses, over a Node response. */
export interface UpstreamResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  /** The body as a web stream (created on first use). Cancelling it closes the connection. */
  readonly body: ReadableStream<Uint8Array>;
  /** The whole body as text (at most `maxBytes`). */
  text(maxBytes?: number): Promise<string>;
  json(): Promise<unknown>;
  /** Drops the body and the connection. */
  discard(): void;
}

/**
 * Sends one POST and resolves with the response head. Rejects on network errors; `abort`
 * destroys the request or, later, the response (the vendor sees the connection close).
 */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  abort: AbortSignal,
): Promise<UpstreamResponse> {
  const target = new URL(url);
  const payload = Buffer.from(body, 'utf8');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const call = send(target, {
      method: 'POST',
      agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
      headers: { ...headers, 'content-length': String(payload.length) },
    });
    let response: IncomingMessage | undefined;
    const onAbort = () => {
      const reason = abort.reason instanceof Error ? abort.reason : new Error('aborted');
      if (response) response.destroy(reason);
      call.destroy(reason);
    };
    if (abort.aborted) {
      onAbort();
      reject(abort.reason);
      return;
    }
    abort.addEventListener('abort', onAbort, { once: true });
    call.on('error', (error) => {
      abort.removeEventListener('abort', onAbort);
      if (!response) reject(error);
    });
    call.on('response', (incoming) => {
      response = incoming;
      incoming.on('close', () => abort.removeEventListener('abort', onAbort));
      resolve(wrap(incoming));
    });
    call.end(payload);
  });
}

function wrap(incoming: IncomingMessage): UpstreamResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = incoming.statusCode ?? 0;
  let stream: ReadableStream<Uint8Array> | undefined;
  const readAll = async (maxBytes = Number.POSITIVE_INFINITY) => {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of incoming as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) break;
      }
    } finally {
      if (!incoming.complete) incoming.destroy();
    }
    return Buffer.concat(chunks, size).toString('utf8').slice(0, maxBytes);
  };
  return {
    status,
    statusText: incoming.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers,
    get body() {
      stream ??= toWebStream(incoming);
      return stream;
    },
    text: readAll,
    json: async () => JSON.parse(await readAll()),
    discard: () => incoming.destroy(),
  };
}

/** A web stream over a Node response, with backpressure; a connection cut mid-body errors it. */
function toWebStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.on('data', (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.on('end', () => {
          if (finished) return;
          finished = true;
          controller.close();
        });
        const fail = (error: Error) => {
          if (finished) return;
          finished = true;
          controller.error(error);
        };
        incoming.on('error', fail);
        incoming.on('close', () => {
          if (!incoming.complete)
            fail(
              Object.assign(new Error('terminated'), {
                cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' },
              }),
            );
        });
      },
      pull() {
        incoming.resume();
      },
      cancel(reason) {
        finished = true;
        incoming.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 16 },
  );
}
