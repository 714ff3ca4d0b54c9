import type { ExtractionJob, LearningQueueStats } from '@autoskill/sdk';
import { z } from 'zod';

/** An extraction job as the §7 "extraction event". */
export function jobEvent(job: ExtractionJob) {
  const upserted = [...(job.result?.added ?? []), ...(job.result?.merged ?? [])];
  return {
    job_id: job.id,
    user_id: job.userId,
    trigger: job.trigger,
    status: job.status,
    event_time: Date.parse(job.history.at(-1)?.at ?? job.createdAt),
    created_at: job.createdAt,
    started_at: job.startedAt ?? null,
    finished_at: job.finishedAt ?? null,
    history: job.history,
    upserted,
    added: job.result?.added ?? [],
    merged: job.result?.merged ?? [],
    // Review mode `learned`: kept as drafts for approval instead of written.
    drafted: (job.result?.drafted ?? []).map((skill) => ({
      id: skill.id,
      name: skill.name,
      title: skill.title,
      version: skill.version,
      draft_id: skill.draftId,
      kind: skill.kind,
    })),
    discarded: job.result?.discarded ?? false,
    reason: job.result?.reason ?? null,
    error: job.error ?? null,
    drop_reason: job.dropReason ?? null,
    coalesced: job.coalesced ?? 0,
    resumed: job.resumed ?? false,
  };
}

/** True once a job will not change any more. */
export function isTerminal(job: Pick<ExtractionJob, 'status'>): boolean {
  return job.status === 'completed' || job.status === 'failed' || job.status === 'dropped';
}

const learned = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  version: z.string(),
});

/** `jobEvent` as a schema (for /openapi.json). */
export const extractionEventSchema = z.object({
  job_id: z.string(),
  user_id: z.string(),
  trigger: z.string(),
  status: z.enum(['scheduled', 'running', 'completed', 'failed', 'dropped']),
  event_time: z.number().describe('ms since epoch of the last status change'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), at: z.string() })),
  upserted: z.array(learned),
  added: z.array(learned),
  merged: z.array(learned),
  drafted: z
    .array(learned.extend({ draft_id: z.string(), kind: z.enum(['add', 'merge']) }))
    .describe(
      'Review mode `learned`: what waits as a draft (GET /v1/autoskill/drafts/{draft_id}).',
    ),
  discarded: z.boolean(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
  drop_reason: z
    .enum(['user_queue_full', 'queue_full', 'closed'])
    .nullable()
    .describe('Why the job was dropped instead of queued (status `dropped`)'),
  coalesced: z
    .number()
    .int()
    .describe('Later windows of the same conversation merged into this job while it waited'),
  resumed: z.boolean().describe('Accepted before a restart (or by a stopped process) and resumed'),
});

/** The answer of the routes that return one job. */
export const extractionEventResponse = z.object({
  object: z.literal('extraction_event'),
  data: extractionEventSchema.nullable(),
});

/** The learning queue's figures, as `GET /v1/autoskill/extractions/queue` answers them. */
export function queueJson(stats: LearningQueueStats) {
  return {
    queued: stats.queued,
    running: stats.running,
    oldest_queued_ms: stats.oldestQueuedMs,
    accepted: stats.accepted,
    coalesced: stats.coalesced,
    dropped: stats.dropped,
    completed: stats.completed,
    failed: stats.failed,
    resumed: stats.resumed,
    limits: { max_per_user: stats.limits.maxPerUser, max_total: stats.limits.maxTotal },
    executor: stats.executor,
    job_store: stats.jobStore,
  };
}

/** `queueJson` as a schema (for /openapi.json). */
export const queueSchema = z.object({
  queued: z.number().int().describe('Jobs waiting to start'),
  running: z.number().int(),
  oldest_queued_ms: z.number().describe('How long the oldest waiting job has waited'),
  accepted: z.number().int().describe('Since the start: jobs accepted (resumed ones included)'),
  coalesced: z.number().int().describe('Since the start: windows merged into a waiting job'),
  dropped: z.object({
    user_queue_full: z.number().int(),
    queue_full: z.number().int(),
    closed: z.number().int(),
  }),
  completed: z.number().int(),
  failed: z.number().int(),
  resumed: z.number().int().describe('Since the start: jobs taken over from a stopped process'),
  limits: z.object({ max_per_user: z.number().int(), max_total: z.number().int() }),
  executor: z.enum(['worker', 'in-thread']).describe('Where learning steps run'),
  job_store: z.string().describe('Where accepted jobs are kept (`file:<dir>`, `none`)'),
});
