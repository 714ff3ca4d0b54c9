import type { ExtractionJob } from '@autoskill/sdk';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { intFromQuery, userField } from '../../routes/request-fields';
import type { RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { findJob } from './job-directory';
import { isTerminal, jobEvent } from './job-json';
import { ownJob } from './own-job';

const eventsQuery = z.object({ user: userField, timeout_s: intFromQuery(1, 300, 60) });

/** SSE of one job: its current state, then every change as it happens (no polling), then `done`. */
async function jobEvents(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, eventsQuery);
  const jobId = context.req.param('job_id') as string;
  const first = await ownJob(deps, jobId, userOf(context.get('edge'), deps.config.defaultUserId));
  context.header('cache-control', 'no-store');
  context.header('x-accel-buffering', 'no');
  // A job another process runs (`--workers N`, or a replica on the database): asked for, not pushed.
  if (!deps.autoskill.learning.get(jobId))
    return streamSSE(context, (stream) =>
      relayRemoteJob(stream, deps, first, Date.now() + query.timeout_s * 1000),
    );
  return streamSSE(context, async (stream) => {
    const updates: ExtractionJob[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = deps.autoskill.learning.subscribe((job) => {
      if (job.id !== jobId) return;
      updates.push(job);
      wake?.();
    });
    let closed = false;
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    const deadline = Date.now() + query.timeout_s * 1000;
    let sent = 0;
    let latest = deps.autoskill.learning.get(jobId) as ExtractionJob;
    try {
      // Subscribed first, then the snapshot: no change can fall between the two.
      await stream.writeSSE({ event: 'update', data: JSON.stringify(jobEvent(latest)) });
      sent = latest.history.length;
      while (!closed && !isTerminal(latest) && Date.now() < deadline) {
        if (updates.length === 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          });
          clearTimeout(timer);
          wake = undefined;
          continue;
        }
        const job = updates.shift() as ExtractionJob;
        if (job.history.length <= sent) continue;
        latest = job;
        sent = job.history.length;
        await stream.writeSSE({ event: 'update', data: JSON.stringify(jobEvent(job)) });
      }
      if (!closed) {
        await stream.writeSSE({ event: 'done', data: JSON.stringify(jobEvent(latest)) });
        await stream.writeSSE({ data: '[DONE]' });
      }
    } finally {
      unsubscribe();
    }
  });
}

/**
 * Polls the other processes for the job every half second until it ends or the deadline passes.
 * A job whose process died is missing until another one resumes it (replicas on a database): the
 * stream waits for it rather than ending, and sends each state that differs from the last sent
 * (a resumed job starts a fresh history).
 */
async function relayRemoteJob(
  stream: SSEStreamingApi,
  deps: ProxyDependencies,
  first: ExtractionJob,
  deadline: number,
): Promise<void> {
  let closed = false;
  stream.onAbort(() => {
    closed = true;
  });
  let latest = first;
  let sent = JSON.stringify(jobEvent(latest));
  await stream.writeSSE({ event: 'update', data: sent });
  while (!closed && !isTerminal(latest) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const job = await findJob(deps, latest.id);
    if (!job) continue;
    latest = job;
    const event = JSON.stringify(jobEvent(job));
    if (event === sent) continue;
    sent = event;
    await stream.writeSSE({ event: 'update', data: event });
  }
  if (!closed) {
    await stream.writeSSE({ event: 'done', data: JSON.stringify(jobEvent(latest)) });
    await stream.writeSSE({ data: '[DONE]' });
  }
}

/** `GET /v1/autoskill/extractions/{job_id}/events`. */
export const jobEventsRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/extractions/:job_id/events',
  tag: 'extractions',
  capability: 'extractions.events_stream',
  summary:
    'Server-sent events of a job: `update` on every status change (pushed), then `done` and `[DONE]`',
  query: eventsQuery,
  responseContentType: 'text/event-stream',
  handle: jobEvents,
};
