import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Keep-alive pools shared by every upstream call (node:http is several times cheaper per request
// than fetch, whose WHATWG Request/Response/stream objects dominated the proxy's CPU profile).
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512 });

/** Thrown by `postOnce` when no response head arrived in time. */
export class HeadersTimeoutError extends Error {
  override name = 'HeadersTimeoutError';
}

/** Thrown by `UpstreamResponse.text` when the body went silent for longer than allowed. */
export class BodyIdleTimeoutError extends Error {
  override name = 'BodyIdleTimeoutError';
}

/** Thrown by `UpstreamResponse.text` (with `overflow: 'fail'`) for a body over its limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** An upstream response over Node's own objects (no WHATWG wrappers on the hot path). */
export interface UpstreamResponse {
  status: number;
  statusText: string;
  ok: boolean;
  /** Lower-case header names, as Node parsed them. */
  headers: IncomingHttpHeaders;
  /** The body as Node delivers it; destroying it closes the connection. */
  incoming: IncomingMessage;
  /**
   * The whole body as text. Past `maxBytes` the rest is not read: the text is cut there
   * (`overflow: 'cut'`, default) or it rejects with `BodyTooLargeError` (`'fail'`, nothing is
   * decoded). With `idleTimeoutMs`, rejects with `BodyIdleTimeoutError` when no byte comes for
   * that long. The connection is dropped whenever the body was not read to its end.
   */
  text(maxBytes?: number, idleTimeoutMs?: number, overflow?: 'cut' | 'fail'): Promise<string>;
  /** Drops the body and the connection. */
  discard(): void;
}

interface RequestTarget {
  secure: boolean;
  options: { protocol: string; hostname: string; port: string; path: string };
}

// Parsed upstream URLs (a proxy talks to one or two): parsing once saves work on every request.
const targets = new Map<string, RequestTarget>();

function targetOf(url: string): RequestTarget {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = {
      secure: parsed.protocol === 'https:',
      options: {
        protocol: parsed.protocol,
        // Node wants IPv6 literals without brackets.
        hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: parsed.port,
        path: `${parsed.pathname}${parsed.search}`,
      },
    };
    if (targets.size > 64) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/**
 * Sends one POST and resolves with the response head. `headers` is used as is (and gets the
 * content length). Rejects on network errors and with
 * `HeadersTimeoutError` after `headersTimeoutMs`; `abort` destroys the request or, later, the
 * response (the vendor sees the connection close).
 */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  abort: AbortSignal,
  headersTimeoutMs: number,
): Promise<UpstreamResponse> {
  const target = targetOf(url);
  return new Promise((resolve, reject) => {
    // The string is written as is (no Buffer copy of a body that carries the skills).
    headers['content-length'] = String(Buffer.byteLength(body));
    const call = (target.secure ? httpsRequest : httpRequest)({
      ...target.options,
      method: 'POST',
      agent: target.secure ? httpsAgent : httpAgent,
      headers,
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
    const timer = setTimeout(() => {
      call.destroy(new HeadersTimeoutError(`no response within ${headersTimeoutMs} ms`));
    }, headersTimeoutMs);
    abort.addEventListener('abort', onAbort, { once: true });
    call.on('error', (error) => {
      clearTimeout(timer);
      abort.removeEventListener('abort', onAbort);
      if (!response) reject(error);
    });
    call.on('response', (incoming) => {
      clearTimeout(timer);
      response = incoming;
      incoming.on('close', () => abort.removeEventListener('abort', onAbort));
      resolve(new NodeUpstreamResponse(incoming));
    });
    call.end(body);
  });
}

/** Node's response behind the `UpstreamResponse` shape (a class: no closures per response). */
class NodeUpstreamResponse implements UpstreamResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: IncomingHttpHeaders;

  constructor(readonly incoming: IncomingMessage) {
    this.status = incoming.statusCode ?? 0;
    this.statusText = incoming.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = incoming.headers;
  }

  async text(
    maxBytes = Number.POSITIVE_INFINITY,
    idleTimeoutMs?: number,
    overflow: 'cut' | 'fail' = 'cut',
  ): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    const idle =
      idleTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            this.incoming.destroy(
              new BodyIdleTimeoutError(
                `upstream sent nothing for ${idleTimeoutMs} ms while sending its answer`,
              ),
            );
          }, idleTimeoutMs);
    try {
      for await (const chunk of this.incoming as AsyncIterable<Buffer>) {
        idle?.refresh();
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) break;
      }
      if (size > maxBytes && overflow === 'fail')
        throw new BodyTooLargeError(`the upstream answer is larger than ${maxBytes} bytes`);
    } finally {
      clearTimeout(idle);
      if (!this.incoming.complete) this.incoming.destroy();
    }
    return Buffer.concat(chunks, size).toString('utf8').slice(0, maxBytes);
  }

  discard(): void {
    this.incoming.destroy();
  }
}
