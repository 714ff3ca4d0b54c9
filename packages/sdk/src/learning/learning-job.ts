import type { IngestResult } from '../types';

/**
 * Where a learning job is: `scheduled` (waiting), `running`, then `completed` or `failed`; or
 * `dropped` at once when the queue was full (see `dropReason`).
 */
export type ExtractionJobStatus = 'scheduled' | 'running' | 'completed' | 'failed' | 'dropped';

/** What started a learning job. */
export type ExtractionTrigger = 'auto' | 'extract_now' | 'api' | 'import';

/**
 * Why a job was dropped instead of queued: the user already had `maxPerUser` jobs waiting, all
 * users together had `maxTotal`, or the queue was closed.
 */
export type LearningDropReason = 'user_queue_full' | 'queue_full' | 'closed';

export interface ExtractionJob {
  id: string;
  userId: string;
  trigger: ExtractionTrigger;
  status: ExtractionJobStatus;
  /** Every status change, oldest first. */
  history: Array<{ status: ExtractionJobStatus; at: string }>;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** What was learned (when completed). */
  result?: Pick<IngestResult, 'added' | 'merged' | 'discarded' | 'reason' | 'drafted'>;
  error?: string;
  /** Why the job was dropped (status `dropped`). */
  dropReason?: LearningDropReason;
  /** How many later schedules of the same conversation were merged into this job while it waited. */
  coalesced?: number;
  /** True when the job was accepted by an earlier run (or another process) and resumed here. */
  resumed?: boolean;
}

export type ExtractionJobListener = (job: ExtractionJob) => void;

/** The queue's figures: what waits and runs now, and counters since the client started. */
export interface LearningQueueStats {
  /** Jobs waiting to start. */
  queued: number;
  running: number;
  /** Milliseconds the oldest waiting job has waited (0 when none waits). */
  oldestQueuedMs: number;
  /** Jobs accepted into the queue (resumed ones included). */
  accepted: number;
  /** Schedules merged into a waiting job of the same conversation instead of queued. */
  coalesced: number;
  /** Jobs dropped because the queue was full or closed, by reason. */
  dropped: Record<LearningDropReason, number>;
  completed: number;
  failed: number;
  /** Jobs taken over from an earlier run or from a process that stopped. */
  resumed: number;
  limits: { maxPerUser: number; maxTotal: number };
  /** Where learning steps run: a worker thread, or the thread that calls the client. */
  executor: 'worker' | 'in-thread';
  /** Where accepted jobs are kept (`file:<dir>`, `memory`), or `none`. */
  jobStore: string;
}

/** True once a job will not change any more. */
export function isFinishedStatus(status: ExtractionJobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'dropped';
}
