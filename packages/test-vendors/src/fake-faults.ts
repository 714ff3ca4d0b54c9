import type { FakeBehaviour } from './fake-behaviour';
import { type FakeAppContext, sseResponse, waitUnlessClosed } from './fake-server';
import type { RecordedRequest } from './recorded-request';

/** How one vendor words its errors (the faults below are the same for every vendor). */
export interface FakeErrorFormat {
  /** The vendor's JSON error body. */
  body(status: number, message: string): unknown;
  /** The vendor's error event inside a stream. */
  event(message: string): { event?: string; data: string };
}

type FaultBehaviour = Extract<FakeBehaviour, { kind: 'echo-key' | 'broken-body' | 'hang' }>;

/** True for the behaviours `faultResponse` plays. */
export function isFault(behaviour: FakeBehaviour | undefined): behaviour is FaultBehaviour {
  return (
    behaviour?.kind === 'echo-key' ||
    behaviour?.kind === 'broken-body' ||
    behaviour?.kind === 'hang'
  );
}

// The longest a fault holds a request open; closing the server (or the client leaving) ends it sooner.
const HOLD_MS = 600_000;

/** Plays a misbehaving vendor: an error that echoes the key, a body that breaks, a hang. */
export async function faultResponse(
  context: FakeAppContext,
  request: RecordedRequest,
  behaviour: FaultBehaviour,
  format: FakeErrorFormat,
): Promise<Response> {
  if (behaviour.kind === 'hang') {
    await waitUnlessClosed(context, HOLD_MS);
    return new Response(null, { status: 504 });
  }
  if (behaviour.kind === 'broken-body') return brokenBody(context, behaviour);
  const key = request.headers.authorization ?? request.headers['x-api-key'] ?? '(none)';
  const message = `Incorrect API key provided: ${key}. You can find your API key in your account settings.`;
  const headers: Record<string, string> = behaviour.inHeaders
    ? { 'x-request-id': `req_${key}`, 'x-echo-authorization': key }
    : {};
  if (behaviour.format === 'sse') {
    const response = sseResponse(context, [format.event(message)]);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const status = behaviour.status ?? 401;
  if (behaviour.format === 'text')
    return new Response(`${status} error: ${message}`, {
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    });
  return new Response(JSON.stringify(format.body(status, message)), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function brokenBody(
  context: FakeAppContext,
  behaviour: Extract<FakeBehaviour, { kind: 'broken-body' }>,
): Response {
  const encoder = new TextEncoder();
  const socket = context.env.incoming.socket;
  const filler = encoder.encode(' '.repeat(16 * 1024));
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  const body = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        controller.enqueue(encoder.encode('{"id":"broken","object":"chat.completion","choices":['));
        if (behaviour.mode === 'endless') return;
        // Let the head and the first bytes reach the client.
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (behaviour.mode === 'stall') await waitUnlessClosed(context, HOLD_MS);
        socket.destroy();
      },
      pull(controller) {
        if (behaviour.mode !== 'endless') return;
        if (closed) controller.close();
        else controller.enqueue(filler);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: behaviour.status ?? 200,
    headers: { 'content-type': behaviour.contentType ?? 'application/json' },
  });
}
