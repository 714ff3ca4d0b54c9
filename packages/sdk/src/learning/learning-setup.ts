import { join } from 'node:path';
import { InvalidArgumentError, type KeyedMutex, type LearningJobStore } from '@autoskill/core';
import type { AutoSkillConfig } from '../config';
import type { Runtime } from '../create-runtime';
import type { Logger } from '../logger';
import { createFileLearningJobStore } from './file-learning-job-store';
import type { LearningExecutor } from './learning-executor';
import { LearningQueue } from './learning-queue';
import { workerConfigOf } from './worker-config';
import { WorkerLearningExecutor } from './worker-learning-executor';

/**
 * Where a client's learning steps run: in a worker thread when `learningWorker` is on and the
 * config can be rebuilt there, otherwise `inThread` (the reason logged once).
 */
export function createLearningExecutor(options: {
  config: AutoSkillConfig;
  logger: Logger;
  inThread: LearningExecutor;
  afterLearn: (changedIds: string[]) => Promise<void>;
}): LearningExecutor {
  if (!options.config.learningWorker) return options.inThread;
  const transfer = workerConfigOf(options.config);
  if (transfer.reason !== undefined) {
    options.logger.warn(`learning runs in the client's thread: ${transfer.reason}`);
    return options.inThread;
  }
  return new WorkerLearningExecutor({
    config: transfer.config,
    logger: options.logger,
    inThread: options.inThread,
    afterLearn: options.afterLearn,
  });
}

/** The directory of the file job store of a store root. */
export function jobsDirectory(storeDirectory: string): string {
  return join(storeDirectory, '.autoskill', 'jobs');
}

/**
 * The job store `learningQueue.jobStore` asks for: yours, none, or (default) the database's
 * shared queue with `databaseUrl`, files under the local store's `.autoskill/jobs/`, none for
 * other stores.
 */
export async function openJobStore(
  config: AutoSkillConfig,
  runtime: Promise<Runtime>,
  logger: Logger,
): Promise<LearningJobStore | undefined> {
  const option = config.learningQueue?.jobStore ?? 'file';
  if (typeof option === 'object') return option;
  if (option === 'none') return undefined;
  if (config.databaseUrl) {
    const { shared } = await runtime;
    return shared?.openJobStore({ leaseMs: jobLeaseMs(config.env ?? process.env) });
  }
  if ((config.store ?? 'local') !== 'local') return undefined;
  const { storeDirectory } = await runtime;
  if (!storeDirectory) return undefined;
  return createFileLearningJobStore({ directory: jobsDirectory(storeDirectory), logger });
}

/**
 * How long a replica may go unseen before its learning jobs move to another:
 * `AUTOSKILL_JOB_LEASE_MS` (1000–3600000), default 10 s.
 */
export function jobLeaseMs(env: Record<string, string | undefined>): number | undefined {
  const raw = env.AUTOSKILL_JOB_LEASE_MS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1000 || value > 3_600_000)
    throw new InvalidArgumentError(
      'AUTOSKILL_JOB_LEASE_MS',
      'must be an integer from 1000 to 3600000',
    );
  return value;
}

/** A client's learning queue: its bounds and job store from the config, steps run by `executor`. */
export function createLearningQueue(options: {
  config: AutoSkillConfig;
  logger: Logger;
  perUser: KeyedMutex;
  executor: LearningExecutor;
  runtime: Promise<Runtime>;
}): LearningQueue {
  const { config, logger, executor } = options;
  const limits = config.learningQueue ?? {};
  // A bad lease must stop the client at once, not quietly leave jobs unshared later.
  if (config.databaseUrl) jobLeaseMs(config.env ?? process.env);
  return new LearningQueue({
    learn: (input) => executor.learn(input),
    perUser: options.perUser,
    concurrency: config.learningConcurrency ?? 2,
    ...(limits.maxPerUser === undefined ? {} : { maxPerUser: limits.maxPerUser }),
    ...(limits.maxTotal === undefined ? {} : { maxTotal: limits.maxTotal }),
    ...(limits.maxWindowMessages === undefined
      ? {}
      : { maxWindowMessages: limits.maxWindowMessages }),
    jobStore: () => openJobStore(config, options.runtime, logger),
    // Replicas on a database look for a dead replica's jobs often: the lease decides when they may.
    ...(config.databaseUrl ? { claimIntervalMs: 2_000 } : {}),
    executor: () => executor.kind,
    logger,
  });
}
