import type { ServerResponse } from 'node:http';

/**
 * Aborts when the client goes away before `response` finished. The proxy's one way of noticing a
 * disconnect on Node: it cancels the upstream call and the stream relay. (A WHATWG request has
 * its own `signal`.)
 */
export function clientAbortSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('Client connection closed.'));
  });
  return controller.signal;
}
