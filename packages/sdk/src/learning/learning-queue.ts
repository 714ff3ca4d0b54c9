import { createSkillId, KeyedMutex } from '@autoskill/core';
import PQueue from 'p-queue';
import type { Logger } from '../logger';
import type { IngestInput, IngestResult } from '../types';

export type ExtractionJobStatus = 'scheduled' | 'running' | 'completed' | 'failed';

/** What started a learning job. */
export type ExtractionTrigger = 'auto' | 'extract_now' | 'api' | 'import';

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
  result?: Pick<IngestResult, 'added' | 'merged' | 'discarded' | 'reason'>;
  error?: string;
}

export type ExtractionJobListener = (job: ExtractionJob) => void;

export interface LearningQueueOptions {
  /** Runs one learning step; called inside `perUser` for the job's user. */
  learn: (input: IngestInput) => Promise<IngestResult>;
  /**
   * The one per-user serialisation of the learning path, shared with direct `ingest` calls: a
   * user's jobs run one at a time, in the order they were scheduled. Default: the queue's own.
   */
  perUser?: KeyedMutex;
  /** Jobs running at once across all users (default 2). One user's jobs always run one at a time. */
  concurrency?: number;
  /** Finished jobs kept per user for listing (default 100); older ones are dropped. */
  keepPerUser?: number;
  logger: Logger;
}

/**
 * Background learning: one worker per user (jobs of a user run in order), a bounded number of
 * jobs at once overall, and a status history per job that apps can read or subscribe to.
 * Scheduling returns immediately, so learning never delays an answer.
 */
export class LearningQueue {
  private readonly jobs = new Map<string, ExtractionJob>();
  private readonly byUser = new Map<string, string[]>();
  private readonly listeners = new Set<ExtractionJobListener>();
  private readonly perUser: KeyedMutex;
  private readonly pool: PQueue;
  private readonly keepPerUser: number;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: LearningQueueOptions) {
    this.pool = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 2) });
    this.perUser = options.perUser ?? new KeyedMutex();
    this.keepPerUser = Math.max(1, options.keepPerUser ?? 100);
  }

  /** Queues a learning job and returns it at once (status `scheduled`). */
  schedule(input: IngestInput, trigger: ExtractionTrigger = 'api'): ExtractionJob {
    const now = new Date().toISOString();
    const job: ExtractionJob = {
      id: `job_${createSkillId().replace(/-/g, '')}`,
      userId: input.userId,
      trigger,
      status: 'scheduled',
      history: [{ status: 'scheduled', at: now }],
      createdAt: now,
    };
    this.jobs.set(job.id, job);
    const ids = this.byUser.get(job.userId) ?? [];
    ids.push(job.id);
    this.byUser.set(job.userId, ids);
    this.prune(job.userId);
    this.emit(job);
    const run = this.perUser.run(job.userId, () => this.pool.add(() => this.execute(job, input)));
    this.pending.add(run);
    run.finally(() => this.pending.delete(run));
    return { ...job };
  }

  private async execute(job: ExtractionJob, input: IngestInput): Promise<void> {
    this.update(job, 'running');
    try {
      const result = await this.options.learn(input);
      job.result = {
        added: result.added,
        merged: result.merged,
        discarded: result.discarded,
        reason: result.reason,
      };
      this.update(job, 'completed');
    } catch (error) {
      job.error = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(`learning job ${job.id} for ${job.userId} failed: ${job.error}`);
      this.update(job, 'failed');
    }
  }

  private update(job: ExtractionJob, status: ExtractionJobStatus): void {
    const at = new Date().toISOString();
    job.status = status;
    job.history.push({ status, at });
    if (status === 'running') job.startedAt = at;
    if (status === 'completed' || status === 'failed') job.finishedAt = at;
    this.emit(job);
  }

  private emit(job: ExtractionJob): void {
    const snapshot = structuredClone(job);
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A broken listener must not break learning.
      }
    }
  }

  private prune(userId: string): void {
    const ids = this.byUser.get(userId) ?? [];
    while (ids.length > this.keepPerUser) {
      const oldest = this.jobs.get(ids[0] as string);
      if (oldest && (oldest.status === 'scheduled' || oldest.status === 'running')) break;
      ids.shift();
      if (oldest) this.jobs.delete(oldest.id);
    }
  }

  get(id: string): ExtractionJob | undefined {
    const job = this.jobs.get(id);
    return job ? structuredClone(job) : undefined;
  }

  /** A user's jobs, newest first. */
  list(userId: string, limit = 20): ExtractionJob[] {
    const ids = this.byUser.get(userId) ?? [];
    return ids
      .slice(-limit)
      .reverse()
      .map((id) => structuredClone(this.jobs.get(id) as ExtractionJob));
  }

  latest(userId: string): ExtractionJob | undefined {
    return this.list(userId, 1)[0];
  }

  /** Calls `listener` on every status change of every job; returns the unsubscribe function. */
  subscribe(listener: ExtractionJobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the job has finished (completed or failed). */
  waitFor(id: string): Promise<ExtractionJob> {
    const job = this.get(id);
    if (!job) return Promise.reject(new Error(`unknown job ${id}`));
    if (job.status === 'completed' || job.status === 'failed') return Promise.resolve(job);
    return new Promise((resolve) => {
      const stop = this.subscribe((update) => {
        if (update.id === id && (update.status === 'completed' || update.status === 'failed')) {
          stop();
          resolve(update);
        }
      });
    });
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
