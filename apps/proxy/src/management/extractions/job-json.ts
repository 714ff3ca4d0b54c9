import type { ExtractionJob } from '@autoskill/sdk';
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
    discarded: job.result?.discarded ?? false,
    reason: job.result?.reason ?? null,
    error: job.error ?? null,
  };
}

/** True once a job will not change any more. */
export function isTerminal(job: Pick<ExtractionJob, 'status'>): boolean {
  return job.status === 'completed' || job.status === 'failed';
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
  status: z.enum(['scheduled', 'running', 'completed', 'failed']),
  event_time: z.number().describe('ms since epoch of the last status change'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), at: z.string() })),
  upserted: z.array(learned),
  added: z.array(learned),
  merged: z.array(learned),
  discarded: z.boolean(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
});

/** The answer of the routes that return one job. */
export const extractionEventResponse = z.object({
  object: z.literal('extraction_event'),
  data: extractionEventSchema.nullable(),
});
