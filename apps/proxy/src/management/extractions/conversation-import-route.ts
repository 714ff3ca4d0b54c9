import type { ChatMessage, ExperienceEvent } from '@autoskill/core';
import { collectExperienceRecords, type ExperienceRecord } from '@autoskill/sdk';
import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { chatMessageSchema, userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { MAX_SESSION_MESSAGES } from '../sessions/session-schemas';
import { extractionEventSchema, jobEvent } from './job-json';

/** Conversations (or runs) one request may import: as many sessions as a session import takes. */
export const MAX_IMPORT_CONVERSATIONS = 1000;
/** Messages and events of one conversation: as many as a stored session holds. */
const MAX_ITEMS = MAX_SESSION_MESSAGES;
const SOURCE_KEYS = [
  'data',
  'conversations',
  'dialogues',
  'records',
  'items',
  'dataset',
  'trajectories',
] as const;

const list = z.array(z.unknown()).max(MAX_IMPORT_CONVERSATIONS);
const importBody = z
  .object({
    data: z
      .unknown()
      .optional()
      .describe('Any JSON holding conversations or runs (see the README).'),
    conversations: list.optional(),
    dialogues: list.optional(),
    records: list.optional(),
    items: list.optional(),
    dataset: list.optional(),
    trajectories: list.optional(),
    messages: z
      .array(chatMessageSchema)
      .max(MAX_ITEMS)
      .optional()
      .describe('One conversation (tool calls and tool results kept).'),
    events: z
      .array(z.record(z.string(), z.unknown()))
      .max(MAX_ITEMS)
      .optional()
      .describe('Event records of that one conversation or run.'),
    file_path: z.string().optional().describe('Refused: the proxy never reads its own files.'),
    hint: z.string().max(2000).optional(),
    continue_on_error: z
      .boolean()
      .optional()
      .describe('Each conversation is its own job; a failure never stops the others.'),
    max_messages_per_conversation: z.number().int().min(0).max(MAX_ITEMS).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    wait: z.boolean().optional().describe('Answer when every job finished.'),
    user: userField,
  })
  .refine((body) => body.file_path === undefined, {
    message:
      'a path on the server is not accepted; send the conversations in the body (data, conversations, records, items, dataset, trajectories or messages)',
    path: ['file_path'],
  })
  .refine((body) => body.continue_on_error !== false, {
    message:
      'false is not supported: each conversation is learned as its own background job, and one failing never stops the others',
    path: ['continue_on_error'],
  })
  .refine(
    (body) =>
      SOURCE_KEYS.some((key) => body[key] !== undefined) ||
      (body.messages?.length ?? 0) > 0 ||
      (body.events?.length ?? 0) > 0,
    {
      message:
        'give the conversations: data, conversations, dialogues, records, items, dataset, trajectories, or messages/events',
      path: ['data'],
    },
  );

type ImportBody = z.output<typeof importBody>;

/** Every conversation or run of the body, each checked against the per-conversation limits. */
function recordsOf(body: ImportBody): ExperienceRecord[] {
  const records: ExperienceRecord[] = [];
  for (const key of SOURCE_KEYS)
    if (body[key] !== undefined) records.push(...collectExperienceRecords(body[key]));
  if ((body.messages?.length ?? 0) > 0 || (body.events?.length ?? 0) > 0)
    records.push({
      messages: (body.messages ?? []) as ChatMessage[],
      events: (body.events ?? []) as ExperienceEvent[],
    });
  if (records.length === 0)
    throw new ProxyHttpError(
      400,
      'Invalid request: data: no conversations found (expected OpenAI message lists, records with "messages" or "events", or request logs).',
      'invalid_request',
      'invalid_request_error',
      'data',
    );
  if (records.length > MAX_IMPORT_CONVERSATIONS)
    throw new ProxyHttpError(
      413,
      `The body holds ${records.length} conversations; one import takes at most ${MAX_IMPORT_CONVERSATIONS}. Send them in batches.`,
      'too_many_conversations',
      'invalid_request_error',
      'data',
    );
  for (const [index, record] of records.entries())
    if (record.messages.length > MAX_ITEMS || record.events.length > MAX_ITEMS)
      throw new ProxyHttpError(
        413,
        `Conversation ${index + 1} has more than ${MAX_ITEMS} messages or events.`,
        'conversation_too_large',
        'invalid_request_error',
        'data',
      );
  return records;
}

async function importConversations(
  context: ProxyContext,
  deps: ProxyDependencies,
): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, importBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const records = recordsOf(body);
  const limit = body.max_messages_per_conversation ?? 0;
  const scheduled = records.map((record) =>
    deps.autoskill.learning.schedule(
      {
        userId,
        messages: limit > 0 ? record.messages.slice(-limit) : record.messages,
        events: record.events,
        ...(body.hint ? { hint: body.hint } : {}),
      },
      'import',
    ),
  );
  const jobs = body.wait
    ? await Promise.all(
        scheduled.map((job) =>
          job.status === 'dropped' ? job : deps.autoskill.learning.waitFor(job.id),
        ),
      )
    : scheduled;
  const events = jobs.map(jobEvent);
  const skills = new Map<string, (typeof events)[number]['upserted'][number]>();
  for (const event of events) for (const skill of event.upserted) skills.set(skill.id, skill);
  const dropped = events.filter((event) => event.status === 'dropped').length;
  const failed = events.filter((event) => event.status === 'failed');
  const answer = {
    ok: failed.length === 0 && dropped === 0,
    object: 'conversation_import',
    user: userId,
    total_conversations: records.length,
    scheduled: events.length - dropped,
    dropped,
    processed: events.filter((event) => event.status === 'completed').length,
    failed: failed.length,
    upserted_count: skills.size,
    skills: [...skills.values()],
    errors: events.flatMap((event, index) =>
      event.status === 'failed' || event.status === 'dropped'
        ? [{ index: index + 1, job_id: event.job_id, error: event.error ?? event.drop_reason }]
        : [],
    ),
    source_file: null,
    metadata: { channel: 'proxy_conversation_import', ...body.metadata },
    jobs: events,
  };
  // Nothing fit in the learning queue: say so with 503, as extractions do.
  if (dropped === events.length) return json(answer, 503, { 'retry-after': '5' });
  return json(answer, body.wait ? 200 : 202);
}

/** `POST /v1/autoskill/conversations/import`. */
export const importConversationsRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/autoskill/conversations/import',
  tag: 'extractions',
  capability: 'conversations.import',
  summary:
    'Learn from past conversations or agent runs (OpenAI messages with tool calls, records with events): one background learning job per conversation; answers 202 with the jobs (wait=true answers when they finished; 503 when the learning queue took none)',
  body: importBody,
  response: z.object({
    ok: z.boolean(),
    object: z.literal('conversation_import'),
    user: z.string(),
    total_conversations: z.number().int(),
    scheduled: z.number().int(),
    dropped: z.number().int(),
    processed: z.number().int().describe('Jobs completed by the time of the answer'),
    failed: z.number().int(),
    upserted_count: z.number().int(),
    skills: extractionEventSchema.shape.upserted,
    errors: z.array(
      z.object({ index: z.number().int(), job_id: z.string(), error: z.string().nullable() }),
    ),
    source_file: z.null(),
    metadata: z.record(z.string(), z.unknown()),
    jobs: z.array(extractionEventSchema),
  }),
  handle: importConversations,
};
