import {
  createSkillId,
  KeyedMutex,
  type LearningJobRecord,
  type LearningJobStore,
} from '@autoskill/core';
import PQueue from 'p-queue';
import type { Logger } from '../logger';
import type { IngestInput, IngestResult } from '../types';
import { mergeWindows } from './coalesce-window';
import { validateIngestInput } from './ingest-input';
import { JobPersistence } from './job-persistence';
import { JobRegistry, type QueuedJob } from './job-registry';
import {
  type ExtractionJob,
  type ExtractionJobListener,
  type ExtractionTrigger,
  isFinishedStatus,
  type LearningDropReason,
  type LearningQueueStats,
} from './learning-job';
import { RateLimitedWarning } from './rate-limited-warning';

/** Default bounds of the queue (see `AutoSkillConfig.learningQueue`). */
export const DEFAULT_LEARNING_QUEUE_LIMITS = {
  maxPerUser: 20,
  maxTotal: 1000,
  maxWindowMessages: 24,
} as const;

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
  /** Finished jobs kept across all users (default 10 000), so many users cannot grow memory. */
  keepTotal?: number;
  /** Jobs of one user waiting to start; more are dropped (default 20). */
  maxPerUser?: number;
  /** Jobs of all users waiting to start; more are dropped (default 1000). */
  maxTotal?: number;
  /** Messages a coalesced job keeps, the newest (default 24). */
  maxWindowMessages?: number;
  /** Where accepted jobs are kept durably; opened on first use (`start` or `schedule`). */
  jobStore?: () => Promise<LearningJobStore | undefined>;
  /** How often to take over jobs of stopped processes after the start (default 30 000 ms; 0 = at start only). */
  claimIntervalMs?: number;
  /** Where learning steps run, for `stats()` (default `in-thread`). */
  executor?: () => 'worker' | 'in-thread';
  logger: Logger;
}

/**
 * Background learning: one worker per user (jobs of a user run in order), a bounded number of
 * jobs at once overall, and a status history per job that apps can read or subscribe to.
 * Scheduling returns immediately, so learning never delays an answer. The queue is bounded per
 * user and overall (a job that does not fit is `dropped`, visibly), merges a new window of a
 * conversation into that user's job still waiting (coalescing), and, with a job store, keeps
 * every accepted job durably until it finished, so a restart resumes it.
 */
export class LearningQueue {
  private readonly registry: JobRegistry;
  /** Each user's newest job that still waits: where a continuation of its window is merged. */
  private readonly lastWaiting = new Map<string, QueuedJob>();
  private readonly waitingPerUser = new Map<string, number>();
  private readonly perUser: KeyedMutex;
  private readonly pool: PQueue;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly persistence: JobPersistence;
  private readonly limits: { maxPerUser: number; maxTotal: number; maxWindowMessages: number };
  private readonly dropWarning: RateLimitedWarning;
  private readonly counters = {
    accepted: 0,
    coalesced: 0,
    completed: 0,
    failed: 0,
    resumed: 0,
    dropped: { user_queue_full: 0, queue_full: 0, closed: 0 } as Record<LearningDropReason, number>,
  };
  private waiting = 0;
  private running = 0;
  private sequence = 0;
  private started: Promise<void> | undefined;
  private claimTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Set by `close({ pending: 'leave' })`: waiting jobs stay in the job store for the next process. */
  private leaving = false;

  constructor(private readonly options: LearningQueueOptions) {
    this.pool = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 2) });
    this.perUser = options.perUser ?? new KeyedMutex();
    this.registry = new JobRegistry(
      Math.max(1, options.keepPerUser ?? 100),
      Math.max(1, options.keepTotal ?? 10_000),
    );
    this.dropWarning = new RateLimitedWarning(options.logger);
    this.limits = {
      maxPerUser: options.maxPerUser ?? DEFAULT_LEARNING_QUEUE_LIMITS.maxPerUser,
      maxTotal: options.maxTotal ?? DEFAULT_LEARNING_QUEUE_LIMITS.maxTotal,
      maxWindowMessages:
        options.maxWindowMessages ?? DEFAULT_LEARNING_QUEUE_LIMITS.maxWindowMessages,
    };
    this.persistence = new JobPersistence(options.jobStore, options.logger);
  }

  /**
   * Opens the job store and resumes the jobs an earlier run (or a process that stopped) left
   * unfinished, each user's oldest first, before any job scheduled here; then keeps taking over
   * such jobs every `claimIntervalMs`. Called by the first `schedule`; call it at start-up to
   * resume before any traffic. Idempotent.
   */
  start(): Promise<void> {
    if (this.started) return this.started;
    this.started = this.claim().then(() => {
      const interval = this.options.claimIntervalMs ?? 30_000;
      if (interval <= 0 || this.closed || !this.persistence.enabled) return;
      this.claimTimer = setInterval(() => void this.claim(), interval);
      this.claimTimer.unref?.();
    });
    return this.started;
  }

  /**
   * Queues a learning job and returns it at once: `scheduled` (a new job, or the user's waiting
   * job this window was merged into), or `dropped` when the queue is full. Never waits.
   */
  schedule(input: IngestInput, trigger: ExtractionTrigger = 'api'): ExtractionJob {
    const invalid = invalidInput(input);
    if (invalid !== undefined) return this.refuse(input, trigger, invalid);
    if (this.closed) return this.drop(input.userId, trigger, 'closed');
    const merged = this.coalesce(input);
    if (merged) return structuredClone(merged.view);
    if ((this.waitingPerUser.get(input.userId) ?? 0) >= this.limits.maxPerUser)
      return this.drop(input.userId, trigger, 'user_queue_full');
    if (this.waiting >= this.limits.maxTotal) return this.drop(input.userId, trigger, 'queue_full');
    const now = new Date().toISOString();
    const job = this.accept(
      {
        id: newJobId(),
        userId: input.userId,
        trigger,
        status: 'scheduled',
        history: [{ status: 'scheduled', at: now }],
        createdAt: now,
      },
      withoutSignal(input),
    );
    this.lastWaiting.set(job.view.userId, job);
    this.persistence.add(recordOf(job));
    const started = this.start();
    this.track(started.then(() => this.enqueue(job)));
    return structuredClone(job.view);
  }

  /** Merges `input` into the user's newest waiting job when their windows overlap. */
  private coalesce(input: IngestInput): QueuedJob | undefined {
    const previous = this.lastWaiting.get(input.userId);
    if (!previous?.input || previous.view.status !== 'scheduled') return undefined;
    if ((previous.input.hint ?? '') !== (input.hint ?? '')) return undefined;
    if (previous.input.events?.length || input.events?.length) return undefined;
    const merged = mergeWindows(previous.input.messages ?? [], input.messages ?? []);
    if (!merged) return undefined;
    previous.input = {
      ...previous.input,
      messages: merged.slice(-this.limits.maxWindowMessages),
    };
    previous.view.coalesced = (previous.view.coalesced ?? 0) + 1;
    this.counters.coalesced++;
    this.persistence.replace(recordOf(previous));
    this.registry.emit(previous.view);
    return previous;
  }

  private accept(view: ExtractionJob, input: IngestInput): QueuedJob {
    const job: QueuedJob = { view, input, sequence: this.sequence++ };
    this.waiting++;
    this.waitingPerUser.set(view.userId, (this.waitingPerUser.get(view.userId) ?? 0) + 1);
    this.counters.accepted++;
    this.registry.add(job);
    return job;
  }

  private drop(userId: string, trigger: ExtractionTrigger, reason: LearningDropReason) {
    const now = new Date().toISOString();
    const view: ExtractionJob = {
      id: newJobId(),
      userId,
      trigger,
      status: 'dropped',
      history: [{ status: 'dropped', at: now }],
      createdAt: now,
      finishedAt: now,
      dropReason: reason,
    };
    this.counters.dropped[reason]++;
    this.registry.add({ view, input: undefined, sequence: this.sequence++ });
    this.dropWarning.warn(
      (count) =>
        `learning queue: dropped ${count} job(s) (latest: ${reason}; ${this.waiting} waiting, limits ${this.limits.maxPerUser} per user / ${this.limits.maxTotal} in all)`,
    );
    return structuredClone(view);
  }

  /** A job that cannot run (bad input): `failed` at once, never stored. */
  private refuse(input: IngestInput, trigger: ExtractionTrigger, error: string): ExtractionJob {
    const now = new Date().toISOString();
    const view: ExtractionJob = {
      id: newJobId(),
      userId: String(input?.userId),
      trigger,
      status: 'failed',
      history: [{ status: 'failed', at: now }],
      createdAt: now,
      finishedAt: now,
      error,
    };
    this.counters.failed++;
    this.registry.add({ view, input: undefined, sequence: this.sequence++ });
    return structuredClone(view);
  }

  /** Takes over unfinished jobs of owners that are gone and queues them (in order, per user). */
  private async claim(): Promise<void> {
    if (this.closed) return;
    for (const record of await this.persistence.claimOrphans()) {
      const view: ExtractionJob = {
        id: record.id,
        userId: record.experience.userId,
        trigger: record.trigger as ExtractionTrigger,
        status: 'scheduled',
        history: [{ status: 'scheduled', at: new Date().toISOString() }],
        createdAt: record.createdAt,
        resumed: true,
      };
      if (this.registry.has(view.id)) continue;
      const job = this.accept(view, { ...record.experience });
      this.counters.resumed++;
      this.track(this.enqueue(job));
    }
  }

  /** Runs the job after the user's earlier ones, here and (with a shared job store) anywhere. */
  private async enqueue(job: QueuedJob): Promise<void> {
    await this.persistence.awaitTurn(job.view.id);
    return this.perUser.run(job.view.userId, () => this.pool.add(() => this.execute(job)));
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => {});
  }

  private async execute(job: QueuedJob): Promise<void> {
    const input = job.input as IngestInput;
    this.waiting--;
    const left = (this.waitingPerUser.get(job.view.userId) ?? 1) - 1;
    if (left > 0) this.waitingPerUser.set(job.view.userId, left);
    else this.waitingPerUser.delete(job.view.userId);
    if (this.lastWaiting.get(job.view.userId) === job) this.lastWaiting.delete(job.view.userId);
    // Closing with `leave`: not started here, its record stays for the next process.
    // Forgotten (its user was forgotten): never runs; its record is already gone.
    if (this.leaving || job.forgotten) return;
    this.running++;
    this.registry.update(job.view, 'running');
    try {
      const result = await this.options.learn(input);
      job.view.result = {
        added: result.added,
        merged: result.merged,
        discarded: result.discarded,
        reason: result.reason,
        ...(result.drafted?.length ? { drafted: result.drafted } : {}),
      };
      this.counters.completed++;
      this.registry.update(job.view, 'completed');
    } catch (error) {
      job.view.error = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(
        `learning job ${job.view.id} for ${job.view.userId} failed: ${job.view.error}`,
      );
      this.counters.failed++;
      this.registry.update(job.view, 'failed');
    } finally {
      this.running--;
      job.input = undefined;
      this.persistence.remove(job.view.id);
    }
  }

  get(id: string): ExtractionJob | undefined {
    return this.registry.get(id);
  }

  /**
   * Forgets one user's jobs (forget-user): first takes over jobs that stopped processes left in
   * the job store, then drops the user's waiting jobs (they never run), their records in the job
   * store and every job of the user from the lists. A job running now finishes; call this while
   * holding the user's lock so none is. Returns how many jobs were forgotten.
   */
  async forgetUser(userId: string): Promise<number> {
    await this.claim();
    const jobs = this.registry.removeUser(userId);
    for (const job of jobs) {
      if (job.view.status !== 'scheduled') continue;
      job.forgotten = true;
      job.input = undefined;
      this.persistence.remove(job.view.id);
    }
    this.lastWaiting.delete(userId);
    await this.persistence.flush();
    return jobs.length;
  }

  /** A user's jobs, newest first. */
  list(userId: string, limit = 20): ExtractionJob[] {
    return this.registry.list(userId, limit);
  }

  latest(userId: string): ExtractionJob | undefined {
    return this.list(userId, 1)[0];
  }

  /** Calls `listener` on every status change of every job; returns the unsubscribe function. */
  subscribe(listener: ExtractionJobListener): () => void {
    return this.registry.subscribe(listener);
  }

  /** Resolves when the job has finished (completed, failed or dropped). */
  waitFor(id: string): Promise<ExtractionJob> {
    const job = this.get(id);
    if (!job) return Promise.reject(new Error(`unknown job ${id}`));
    if (isFinishedStatus(job.status)) return Promise.resolve(job);
    return new Promise((resolve) => {
      const stop = this.subscribe((update) => {
        if (update.id === id && isFinishedStatus(update.status)) {
          stop();
          resolve(update);
        }
      });
    });
  }

  /** What waits and runs now, and what happened since the start (for metrics). */
  stats(): LearningQueueStats {
    const oldest = this.registry.oldestWaitingSince();
    return {
      queued: this.waiting,
      running: this.running,
      oldestQueuedMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest),
      accepted: this.counters.accepted,
      coalesced: this.counters.coalesced,
      dropped: { ...this.counters.dropped },
      completed: this.counters.completed,
      failed: this.counters.failed,
      resumed: this.counters.resumed,
      limits: { maxPerUser: this.limits.maxPerUser, maxTotal: this.limits.maxTotal },
      executor: this.options.executor?.() ?? 'in-thread',
      jobStore: this.persistence.name,
    };
  }

  /** Resolves when every job accepted so far is recorded in the job store (or finished). */
  flush(): Promise<void> {
    return this.persistence.flush();
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.persistence.flush();
  }

  /**
   * Stops accepting jobs (later ones are `dropped` with reason `closed`) and closes the job
   * store. `pending: 'finish'` (default) runs every queued job first; `leave` waits only for the
   * running ones and leaves the waiting ones in the job store, where the next process on the
   * store resumes them (a quick shutdown; without a job store it finishes them).
   */
  async close(options: { pending?: 'finish' | 'leave' } = {}): Promise<void> {
    if (this.claimTimer) clearInterval(this.claimTimer);
    this.claimTimer = undefined;
    await this.started?.catch(() => {});
    this.closed = true;
    if (options.pending === 'leave' && this.persistence.enabled) this.leaving = true;
    await this.idle();
    await this.persistence.close();
  }
}

/** Why `input` cannot be learned from, or undefined when it can. */
function invalidInput(input: IngestInput): string | undefined {
  try {
    validateIngestInput(input);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function newJobId(): string {
  return `job_${createSkillId().replace(/-/g, '')}`;
}

/** The job's record in the job store. */
function recordOf(job: QueuedJob): LearningJobRecord {
  const input = job.input as IngestInput;
  return {
    id: job.view.id,
    experience: {
      userId: job.view.userId,
      ...(input.messages ? { messages: input.messages } : {}),
      ...(input.events ? { events: input.events } : {}),
      ...(input.hint === undefined ? {} : { hint: input.hint }),
    },
    trigger: job.view.trigger,
    createdAt: job.view.createdAt,
    sequence: job.sequence,
  };
}

/** A queued job outlives the request: its abort signal must not cancel it, and cannot be stored. */
function withoutSignal(input: IngestInput): IngestInput {
  const { abortSignal: _ignored, ...rest } = input;
  return rest;
}
