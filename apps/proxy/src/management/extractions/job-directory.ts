import type { ExtractionJob } from '@autoskill/sdk';
import type { ProxyDependencies } from '../../server/proxy-dependencies';

/** Bus topics: one job by id, a user's jobs (asked of every other process). */
export const JOB_TOPIC = 'job';
export const JOBS_TOPIC = 'jobs';

/** Answers other processes' questions about this process's learning jobs. */
export function answerJobQuestions(deps: ProxyDependencies): void {
  deps.bus.answer(JOB_TOPIC, (id) =>
    typeof id === 'string' ? deps.autoskill.learning.get(id) : undefined,
  );
  deps.bus.answer(JOBS_TOPIC, (question) => {
    const { userId, limit } = (question ?? {}) as { userId?: unknown; limit?: unknown };
    return typeof userId === 'string' && typeof limit === 'number'
      ? deps.autoskill.learning.list(userId, limit)
      : undefined;
  });
}

/**
 * A learning job by id, wherever it runs: here, or (with `--workers N`) in the process that
 * accepted or resumed it.
 */
export async function findJob(
  deps: ProxyDependencies,
  id: string,
): Promise<ExtractionJob | undefined> {
  const local = deps.autoskill.learning.get(id);
  if (local) return local;
  const [remote] = await deps.bus.askAll<ExtractionJob>(JOB_TOPIC, id);
  return remote;
}

/** A user's jobs from every process, newest first. */
export async function listJobs(
  deps: ProxyDependencies,
  userId: string,
  limit: number,
): Promise<ExtractionJob[]> {
  const local = deps.autoskill.learning.list(userId, limit);
  const remote = await deps.bus.askAll<ExtractionJob[]>(JOBS_TOPIC, { userId, limit });
  if (remote.length === 0) return local;
  const byId = new Map<string, ExtractionJob>();
  for (const job of [...local, ...remote.flat()]) byId.set(job.id, job);
  return [...byId.values()]
    .sort((left, right) => right.createdAt.localeCompare(left.createdAt))
    .slice(0, limit);
}
