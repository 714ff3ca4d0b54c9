import type { ChatMessage } from '@autoskill/core';
import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import {
  intFromQuery,
  messagesOrQuery,
  messagesOrQueryIssue,
  needsMessagesOrQuery,
  userField,
  userQuery,
} from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { listJobs as listJobsEverywhere } from './job-directory';
import { extractionEventResponse, extractionEventSchema, jobEvent } from './job-json';
import { ownJob } from './own-job';

const BASE = '/v1/autoskill/extractions';

/** The conversation window a request asks to learn from. */
function windowOf(
  body: { messages?: ChatMessage[] | undefined; query?: string | undefined },
  size: number,
): ChatMessage[] {
  const messages = body.messages?.length
    ? body.messages
    : [{ role: 'user', content: (body.query ?? '').trim() }];
  return messages.slice(-size);
}

const extractBody = z
  .object({
    ...messagesOrQuery,
    wait: z.boolean().optional().describe('Answer after the job finished.'),
  })
  .refine(needsMessagesOrQuery, messagesOrQueryIssue);

async function extractNow(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, extractBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const messages = windowOf(
    body as { messages?: ChatMessage[]; query?: string },
    deps.config.ingestWindow,
  );
  const job = deps.autoskill.learning.schedule(
    { userId, messages, ...(body.hint ? { hint: body.hint } : {}) },
    'extract_now',
  );
  // A full queue sheds the job at once: say so with 503 (the event carries `drop_reason`).
  if (job.status === 'dropped')
    return json({ object: 'extraction_event', data: jobEvent(job) }, 503, { 'retry-after': '5' });
  const current = body.wait ? await deps.autoskill.learning.waitFor(job.id) : job;
  return json({ object: 'extraction_event', data: jobEvent(current) }, body.wait ? 200 : 202);
}

/** `POST /v1/autoskill/extractions`. */
export const extractNowRoute: RouteDefinition = {
  method: 'post',
  path: BASE,
  tag: 'extractions',
  capability: 'extractions.extract_now',
  summary:
    'Learn from these messages now (background job; wait=true answers when it finished; 503 with status `dropped` when the learning queue is full)',
  body: extractBody,
  response: extractionEventResponse,
  handle: extractNow,
};

const extractionsListQuery = z.object({ user: userField, limit: intFromQuery(1, 200, 20) });

async function listJobs(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, extractionsListQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  return json({
    object: 'list',
    data: (await listJobsEverywhere(deps, userId, query.limit)).map(jobEvent),
  });
}

/** `GET /v1/autoskill/extractions`. */
export const listJobsRoute: RouteDefinition = {
  method: 'get',
  path: BASE,
  tag: 'extractions',
  capability: 'extractions.list',
  summary: 'Your extraction jobs, newest first',
  query: extractionsListQuery,
  response: z.object({ object: z.literal('list'), data: z.array(extractionEventSchema) }),
  handle: listJobs,
};

async function latestJob(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const [job] = await listJobsEverywhere(
    deps,
    userOf(context.get('edge'), deps.config.defaultUserId),
    1,
  );
  return json({ object: 'extraction_event', data: job ? jobEvent(job) : null });
}

/** `GET /v1/autoskill/extractions/latest`. */
export const latestJobRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/latest`,
  tag: 'extractions',
  capability: 'extractions.latest',
  summary: 'Your latest extraction job',
  query: userQuery,
  response: extractionEventResponse,
  handle: latestJob,
};

const simulateBody = z.object(messagesOrQuery).refine(needsMessagesOrQuery, messagesOrQueryIssue);

async function simulate(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, simulateBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const messages = windowOf(
    body as { messages?: ChatMessage[]; query?: string },
    deps.config.ingestWindow,
  );
  const result = await deps.autoskill.extractCandidate({
    userId,
    messages,
    ...(body.hint ? { hint: body.hint } : {}),
    abortSignal: edge.signal,
  });
  const candidate = result.candidate;
  const skills = candidate
    ? [
        {
          name: candidate.name,
          ...(candidate.title ? { title: candidate.title } : {}),
          description: candidate.description,
          instructions: candidate.instructions,
          triggers: candidate.triggers,
          tags: candidate.tags,
          examples: candidate.examples,
          confidence: candidate.confidence,
          resource_paths: (candidate.files ?? []).map((file) => file.path),
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

/** `POST /v1/autoskill/extractions/simulate`. */
export const simulateRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/simulate`,
  tag: 'extractions',
  capability: 'extractions.simulate',
  summary: 'Dry run: what would be learned from these messages (nothing is saved)',
  body: simulateBody,
  response: z.object({
    object: z.literal('extraction_simulation'),
    user: z.string(),
    count: z.number().int(),
    reason: z.string(),
    skills: z.array(
      z.object({
        name: z.string(),
        title: z.string().optional(),
        description: z.string(),
        instructions: z.string(),
        triggers: z.array(z.string()),
        tags: z.array(z.string()),
        examples: z.array(z.object({ input: z.string(), output: z.string().optional() })),
        confidence: z.number(),
        resource_paths: z.array(z.string()),
      }),
    ),
  }),
  handle: simulate,
};

async function getJob(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const job = await ownJob(deps, context.req.param('job_id') as string, userId);
  return json({ object: 'extraction_event', data: jobEvent(job) });
}

/** `GET /v1/autoskill/extractions/{job_id}`. */
export const getJobRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:job_id`,
  tag: 'extractions',
  capability: 'extractions.get',
  summary: 'One of your extraction jobs',
  query: userQuery,
  response: extractionEventResponse,
  handle: getJob,
};
