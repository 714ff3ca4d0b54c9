import type { Experience } from '../experience/experience';

/**
 * Durable storage of accepted background learning jobs, so a restart (or another process
 * sharing the store) resumes them. Implementations: `createInMemoryLearningJobStore()` (core),
 * `createFileLearningJobStore()` (`@autoskill/sdk`, under `<storeDir>/.autoskill/jobs/`). Prove a
 * new one with `runLearningJobStoreTests()` from `@autoskill/test-suite`.
 *
 * Every instance is one owner (a process, or a client inside one). Rules every implementation
 * follows:
 * - records are checked before any I/O (`assertLearningJobRecord`: id format, `assertSafeUserId`);
 * - `add` resolves only once the job would survive the owner being killed;
 * - a job belongs to the instance that added or claimed it; only its owner replaces or removes it;
 * - a job whose owner is gone — closed, or a process that died — is handed to exactly one
 *   `claimOrphans` call, across every instance sharing the backing storage; jobs whose owner is
 *   alive are never claimed;
 * - claims return jobs oldest first (`createdAt`, then `sequence`), so a user's jobs keep their order.
 *
 * A store shared by processes that all take jobs (replicas on one database) also implements
 * `awaitTurn`, so a user's jobs run in the order they were accepted whichever process holds them.
 */
export interface LearningJobStore {
  readonly specificationVersion: 'v1';
  /** Shown in logs: `file:/srv/Skills/.autoskill/jobs`, `memory`. */
  readonly name: string;
  /** Records an accepted job, owned by this instance; durable when the promise resolves. A known id is a `CONFLICT`. */
  add(record: LearningJobRecord): Promise<void>;
  /** Replaces the record of a job this instance owns and has not started (coalescing extends its window). */
  replace(record: LearningJobRecord): Promise<void>;
  /** Forgets a finished job of this instance (completed, failed or dropped); other ids are ignored. */
  remove(id: string): Promise<void>;
  /** Takes over the jobs of owners that are gone and returns them, oldest first (empty when none). */
  claimOrphans(): Promise<LearningJobRecord[]>;
  /**
   * Optional: resolves once no job of the same user accepted before job `id` is left in the
   * backing storage (whichever owner holds it), so the caller may start it; at once for an
   * unknown id. Rejects with `signal`'s reason when aborted.
   */
  awaitTurn?(id: string, signal?: AbortSignal): Promise<void>;
  /**
   * Optional (stores shared by processes): deletes every job of one user (`assertSafeUserId`),
   * whichever owner holds it, so forget-user leaves no record of the user; returns how many.
   */
  forgetUser?(userId: string): Promise<number>;
  /** Stops owning: this instance's unfinished jobs become claimable at once. Later calls fail with `CONFLICT`. */
  close(): Promise<void>;
}

/** One accepted learning job as a job store keeps it: JSON data only. */
export interface LearningJobRecord {
  /** Unique across the store; 1–128 characters of `A-Z a-z 0-9 _ -` (file and key safe), e.g. `job_<hex>`. */
  id: string;
  /** What to learn from; its `userId` is the job's user. */
  experience: Experience;
  /** What started the job (`auto`, `extract_now`, `api`, `import`); kept as given. */
  trigger: string;
  /** ISO time the job was accepted. */
  createdAt: string;
  /** Order of acceptance in the owner that accepted it; breaks `createdAt` ties. */
  sequence: number;
}
