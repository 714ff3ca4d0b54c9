import type { IngestInput } from '../types';
import {
  type ExtractionJob,
  type ExtractionJobListener,
  type ExtractionJobStatus,
  isFinishedStatus,
} from './learning-job';

/** A job with what the queue keeps beside its public view. */
export interface QueuedJob {
  view: ExtractionJob;
  /** What to learn from; released once the job finished. */
  input: IngestInput | undefined;
  /** Order of acceptance in this process. */
  sequence: number;
  /** Its user was forgotten while it waited: it must not run. */
  forgotten?: boolean;
}

/**
 * The jobs a queue knows, by id and by user, with their status history and subscriptions.
 * Finished jobs are kept for listing, `keepPerUser` per user and `keepTotal` in all (oldest go
 * first), so neither a busy user nor many users grow memory without bound.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, QueuedJob>();
  private readonly byUser = new Map<string, string[]>();
  /** Finished job ids, oldest first. */
  private readonly finished = new Set<string>();
  private readonly listeners = new Set<ExtractionJobListener>();

  constructor(
    private readonly keepPerUser: number,
    private readonly keepTotal: number,
  ) {}

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  add(job: QueuedJob): void {
    this.jobs.set(job.view.id, job);
    const ids = this.byUser.get(job.view.userId) ?? [];
    ids.push(job.view.id);
    this.byUser.set(job.view.userId, ids);
    this.prune(job.view.userId);
    if (isFinishedStatus(job.view.status)) this.markFinished(job.view.id);
    this.emit(job.view);
  }

  /** Records a status change and tells the subscribers. */
  update(job: ExtractionJob, status: ExtractionJobStatus): void {
    const at = new Date().toISOString();
    job.status = status;
    job.history.push({ status, at });
    if (status === 'running') job.startedAt = at;
    if (isFinishedStatus(status)) {
      job.finishedAt = at;
      this.markFinished(job.id);
    }
    this.emit(job);
  }

  /** Tells the subscribers about a job (a snapshot each). */
  emit(job: ExtractionJob): void {
    if (this.listeners.size === 0) return;
    const snapshot = structuredClone(job);
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A broken listener must not break learning.
      }
    }
  }

  get(id: string): ExtractionJob | undefined {
    const job = this.jobs.get(id);
    return job ? structuredClone(job.view) : undefined;
  }

  /** A user's jobs, newest first. */
  list(userId: string, limit: number): ExtractionJob[] {
    const ids = this.byUser.get(userId) ?? [];
    return ids
      .slice(-limit)
      .reverse()
      .map((id) => structuredClone((this.jobs.get(id) as QueuedJob).view));
  }

  /** Removes every job of a user (forget-user) and returns them. */
  removeUser(userId: string): QueuedJob[] {
    const ids = [...(this.byUser.get(userId) ?? [])];
    const removed = ids.map((id) => this.jobs.get(id)).filter((job) => job !== undefined);
    for (const id of ids) this.forget(id);
    return removed;
  }

  subscribe(listener: ExtractionJobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** When the oldest waiting job was accepted (ms since epoch), or undefined. */
  oldestWaitingSince(): number | undefined {
    let oldest: number | undefined;
    for (const { view } of this.jobs.values()) {
      if (view.status !== 'scheduled') continue;
      const since = Date.parse(view.history[0]?.at ?? view.createdAt);
      if (oldest === undefined || since < oldest) oldest = since;
    }
    return oldest;
  }

  private markFinished(id: string): void {
    this.finished.add(id);
    while (this.finished.size > this.keepTotal) {
      const oldest = this.finished.values().next().value as string;
      this.forget(oldest);
    }
  }

  private prune(userId: string): void {
    const ids = this.byUser.get(userId) ?? [];
    while (ids.length > this.keepPerUser) {
      const oldest = this.jobs.get(ids[0] as string);
      if (oldest && !isFinishedStatus(oldest.view.status)) break;
      this.forget(ids[0] as string);
    }
  }

  private forget(id: string): void {
    this.finished.delete(id);
    const job = this.jobs.get(id);
    this.jobs.delete(id);
    if (!job) return;
    const ids = this.byUser.get(job.view.userId) ?? [];
    const position = ids.indexOf(id);
    if (position >= 0) ids.splice(position, 1);
    if (ids.length === 0) this.byUser.delete(job.view.userId);
  }
}
