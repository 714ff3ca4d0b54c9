import type { Server } from 'node:http';
import { type HttpBindings, serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { FakeBehaviour } from './fake-behaviour';
import type { RecordedRequest } from './recorded-request';

/** A running fake vendor. */
export interface FakeVendorServer {
  /** Base URL to give the SDK (`baseURL`), e.g. `http://127.0.0.1:40123/v1`. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queues behaviours; each request consumes the next one, then the default reply applies. */
  script(...behaviours: FakeBehaviour[]): void;
  /** Forgets queued behaviours and recorded requests. */
  reset(): void;
  /** Stops the server, dropping open connections (streams in progress end with a reset). */
  close(): Promise<void>;
}

export type FakeAppContext = Context<{ Bindings: HttpBindings }>;

/** Route handler given the request record and the behaviour to apply. */
export type FakeRouteHandler = (
  context: FakeAppContext,
  request: RecordedRequest,
  behaviour: FakeBehaviour | undefined,
) => Response | Promise<Response>;

export interface FakeServerDefinition {
  /** Prefix of `url` (OpenAI `/v1`, DashScope `/compatible-mode/v1`, Anthropic ``). */
  basePath: string;
  routes: Array<{ method: 'GET' | 'POST'; path: string; handle: FakeRouteHandler }>;
  /** Answer for requests with a wrong key (checked when `apiKey` is set). */
  unauthorized: (context: FakeAppContext) => Response;
  apiKey?: string;
  /** Replaces the `apiKey` check (GLM's signed tokens): false → `unauthorized`. */
  authorize?: (request: RecordedRequest) => boolean;
}

/** Starts a Hono app on 127.0.0.1, port 0, that records requests and plays scripted behaviours. */
export async function startFakeServer(definition: FakeServerDefinition): Promise<FakeVendorServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  const app = new Hono<{ Bindings: HttpBindings }>();

  for (const route of definition.routes) {
    const handler = async (context: FakeAppContext) => {
      const request = await recordRequest(context);
      requests.push(request);
      const behaviour = queue.shift();
      if (behaviour?.kind === 'handler') return behaviour.handle(request, context);
      // Faults misbehave whatever the key (a vendor echoing a wrong key is the usual case).
      const fault =
        behaviour?.kind === 'echo-key' ||
        behaviour?.kind === 'broken-body' ||
        behaviour?.kind === 'hang';
      const authorized = definition.authorize
        ? definition.authorize(request)
        : definition.apiKey === undefined || hasKey(request, definition.apiKey);
      if (!fault && !authorized) return definition.unauthorized(context);
      return route.handle(context, request, behaviour);
    };
    const path = `${definition.basePath}${route.path}`;
    if (route.method === 'GET') app.get(path, handler);
    else app.post(path, handler);
  }

  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server: started as Server, port: info.port }),
    );
  });
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}${definition.basePath}`,
    origin,
    requests,
    script(...behaviours) {
      queue.push(...behaviours);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

async function recordRequest(context: FakeAppContext): Promise<RecordedRequest> {
  const headers: Record<string, string> = {};
  context.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const text = context.req.method === 'GET' ? '' : await context.req.text();
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { method: context.req.method, path: new URL(context.req.url).pathname, headers, body };
}

function hasKey(request: RecordedRequest, apiKey: string): boolean {
  return (
    request.headers.authorization === `Bearer ${apiKey}` || request.headers['x-api-key'] === apiKey
  );
}

/** Waits, but gives up early when the client disconnects (so aborted tests do not leave timers). */
export function waitUnlessClosed(context: FakeAppContext, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    const socket = context.env.incoming.socket;
    socket.once('close', done);
    function done() {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    }
  });
}

/**
 * Server-sent events from `events`. With `cutAfter`, after that many events the socket is
 * destroyed (`reset`) or the stream goes silent until the client leaves (`stall`).
 */
export function sseResponse(
  context: FakeAppContext,
  events: Array<{ event?: string; data: string }>,
  options: { cutAfter?: number; cutMode?: 'reset' | 'stall' } = {},
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [index, item] of events.entries()) {
        if (options.cutAfter !== undefined && index >= options.cutAfter) {
          // Let the sent events reach the client, then drop the connection without a final chunk.
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (options.cutMode === 'stall') await waitUnlessClosed(context, 60_000);
          context.env.incoming.socket.destroy();
          return;
        }
        controller.enqueue(
          encoder.encode(`${item.event ? `event: ${item.event}\n` : ''}data: ${item.data}\n\n`),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      controller.close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    },
  });
}

/** Splits text into chunks of `size` code points. */
export function chunkText(text: string, size: number): string[] {
  const characters = Array.from(text);
  const chunks: string[] = [];
  for (let index = 0; index < characters.length; index += size)
    chunks.push(characters.slice(index, index + size).join(''));
  return chunks;
}

/** Whitespace-separated words: the fake vendors' token count. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Deterministic unit vector for a text (FNV-1a seeded), so embedding tests can compare values. */
export function fakeVector(text: string, dimensions: number): number[] {
  let hash = 0x811c9dc5;
  for (const character of text) {
    hash ^= character.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const vector: number[] = [];
  for (let index = 0; index < dimensions; index++) {
    hash ^= index + 1;
    hash = Math.imul(hash, 0x01000193) >>> 0;
    vector.push((hash % 2000) / 1000 - 1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => Math.fround(value / norm));
}
