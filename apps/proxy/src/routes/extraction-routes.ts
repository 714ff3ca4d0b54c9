import type { ChatMessage } from '@autoskill/core';
import type { ExtractionJob } from '@autoskill/sdk';
import { streamSSE } from 'hono/streaming';
import { type ProxyContext, type ProxyDependencies, userOf } from '../app-context';
import { requestSignal } from '../http/node-request';
import { ProxyHttpError } from '../http/proxy-http-error';
import { readJson, readQuery } from '../http/read-json';
import {
  eventsQuery,
  extractBody,
  extractionsListQuery,
  simulateBody,
  userQuery,
} from '../schemas';
import { isTerminal, jobEvent } from '../serializers';
import {
  extractionEventResponse,
  extractionListResponse,
  simulationResponse,
} from './response-schemas';
import { json, type RouteDefinition } from './route-definition';

const BASE = '/v1/autoskill/extractions';

/** The conversation window a request asks to learn from. */
export function windowOf(
  body: { messages?: ChatMessage[] | undefined; query?: string | undefined },
  size: number,
): ChatMessage[] {
  const messages = body.messages?.length
    ? body.messages
    : [{ role: 'user', content: (body.query ?? '').trim() }];
  return messages.slice(-size);
}

function ownJob(deps: ProxyDependencies, jobId: string, userId: string): ExtractionJob {
  const job = deps.autoskill.learning.get(jobId);
  // Another user's job is reported as missing, so ids reveal nothing.
  if (!job || job.userId !== userId)
    throw new ProxyHttpError(404, `No extraction job ${JSON.stringify(jobId)}.`, 'not_found');
  return job;
}

async function extractNow(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, extractBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const messages = windowOf(
    body as { messages?: ChatMessage[]; query?: string },
    deps.config.ingestWindow,
  );
  const job = deps.autoskill.learning.schedule(
    { userId, messages, ...(body.hint ? { hint: body.hint } : {}) },
    'extract_now',
  );
  const current = body.wait ? await deps.autoskill.learning.waitFor(job.id) : job;
  return json({ object: 'extraction_event', data: jobEvent(current) }, body.wait ? 200 : 202);
}

async function listJobs(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, extractionsListQuery);
  const userId = userOf(context, deps.config);
  return json({
    object: 'list',
    data: deps.autoskill.learning.list(userId, query.limit).map(jobEvent),
  });
}

async function latestJob(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const job = deps.autoskill.learning.latest(userOf(context, deps.config));
  return json({ object: 'extraction_event', data: job ? jobEvent(job) : null });
}

async function getJob(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const job = ownJob(deps, context.req.param('job_id') as string, userOf(context, deps.config));
  return json({ object: 'extraction_event', data: jobEvent(job) });
}

/** SSE of one job: its current state, then every change as it happens (no polling), then `done`. */
async function jobEvents(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, eventsQuery);
  const jobId = context.req.param('job_id') as string;
  ownJob(deps, jobId, userOf(context, deps.config));
  context.header('cache-control', 'no-store');
  context.header('x-accel-buffering', 'no');
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

async function simulate(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, simulateBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const messages = windowOf(
    body as { messages?: ChatMessage[]; query?: string },
    deps.config.ingestWindow,
  );
  const result = await deps.autoskill.extractCandidate({
    userId,
    messages,
    ...(body.hint ? { hint: body.hint } : {}),
    abortSignal: requestSignal(context),
  });
  const skills = result.candidate
    ? [
        {
          name: result.candidate.name,
          ...(result.candidate.title ? { title: result.candidate.title } : {}),
          description: result.candidate.description,
          instructions: result.candidate.instructions,
          triggers: result.candidate.triggers,
          tags: result.candidate.tags,
          examples: result.candidate.examples,
          confidence: result.candidate.confidence,
          resource_paths: (result.candidate.files ?? []).map((file) => file.path),
        },
      ]
    : [];
  return json({
    object: 'extraction_simulation',
    user: userId,
    count: skills.length,
    reason: result.reason,
    mode: result.mode,
    skills,
  });
}

/** Extraction (learning job) routes. */
export const extractionRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: BASE,
    tag: 'extractions',
    summary: 'Learn from these messages now (background job; wait=true answers when it finished)',
    body: extractBody,
    response: extractionEventResponse,
    handle: extractNow,
  },
  {
    method: 'get',
    path: BASE,
    tag: 'extractions',
    summary: 'Your extraction jobs, newest first',
    query: extractionsListQuery,
    response: extractionListResponse,
    handle: listJobs,
  },
  {
    method: 'get',
    path: `${BASE}/latest`,
    tag: 'extractions',
    summary: 'Your latest extraction job',
    query: userQuery,
    response: extractionEventResponse,
    handle: latestJob,
  },
  {
    method: 'post',
    path: `${BASE}/simulate`,
    tag: 'extractions',
    summary: 'Dry run: what would be learned from these messages (nothing is saved)',
    body: simulateBody,
    response: simulationResponse,
    handle: simulate,
  },
  {
    method: 'get',
    path: `${BASE}/:job_id`,
    tag: 'extractions',
    summary: 'One of your extraction jobs',
    query: userQuery,
    response: extractionEventResponse,
    handle: getJob,
  },
  {
    method: 'get',
    path: `${BASE}/:job_id/events`,
    tag: 'extractions',
    summary:
      'Server-sent events of a job: `update` on every status change (pushed), then `done` and `[DONE]`',
    query: eventsQuery,
    responseContentType: 'text/event-stream',
    handle: jobEvents,
  },
];
