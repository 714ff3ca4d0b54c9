import type { ExtractionJob, LearningQueue } from '@autoskill/sdk';

/** Jobs the panel keeps. */
const RECENT_JOBS = 4;

/** What a tracker reports: the recent jobs changed; a job finished (once per job). */
export interface LearningTrackerEvents {
  changed(jobs: ExtractionJob[]): void;
  finished(job: ExtractionJob): void;
}

/**
 * Follows the learning jobs one chat session started (the queue serves every session of the
 * client): their status changes as they happen, each finish once.
 */
export class LearningTracker {
  private readonly ids = new Set<string>();
  private readonly finished = new Set<string>();
  private jobs: ExtractionJob[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: Pick<LearningQueue, 'get' | 'subscribe' | 'waitFor'>,
    private readonly events: LearningTrackerEvents,
  ) {
    this.unsubscribe = queue.subscribe((job) => this.onJob(job));
  }

  /** Starts following a job (it may have moved on already: its newest record is read). */
  track(job: ExtractionJob): void {
    this.ids.add(job.id);
    this.onJob(this.queue.get(job.id) ?? job);
  }

  /** The session's recent jobs, oldest first. */
  recent(): ExtractionJob[] {
    return this.jobs;
  }

  /** Jobs still waiting or running. */
  pending(): ExtractionJob[] {
    return this.jobs.filter((job) => job.status === 'scheduled' || job.status === 'running');
  }

  /** Resolves once every followed job has finished. */
  async settle(): Promise<void> {
    await Promise.all([...this.ids].map((id) => this.queue.waitFor(id).catch(() => undefined)));
  }

  stop(): void {
    this.unsubscribe();
  }

  private onJob(job: ExtractionJob): void {
    if (!this.ids.has(job.id) || this.finished.has(job.id)) return;
    this.jobs = [...this.jobs.filter((entry) => entry.id !== job.id), job].slice(-RECENT_JOBS);
    this.events.changed(this.jobs);
    if (job.status === 'completed' || job.status === 'failed' || job.status === 'dropped') {
      this.finished.add(job.id);
      this.events.finished(job);
    }
  }
}
