import { join } from 'node:path';
import type { KeyedMutex, LearningJobStore } from '@autoskill/core';
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
 * The job store `learningQueue.jobStore` asks for: yours, none, or (default) files under the
 * local store's `.autoskill/jobs/`; none for other stores.
 */
export async function openJobStore(
  config: AutoSkillConfig,
  runtime: Promise<Runtime>,
  logger: Logger,
): Promise<LearningJobStore | undefined> {
  const option = config.learningQueue?.jobStore ?? 'file';
  if (typeof option === 'object') return option;
  if (option === 'none' || (config.store ?? 'local') !== 'local') return undefined;
  const { storeDirectory } = await runtime;
  if (!storeDirectory) return undefined;
  return createFileLearningJobStore({ directory: jobsDirectory(storeDirectory), logger });
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
    executor: () => executor.kind,
    logger,
  });
}
