import { resolve } from 'node:path';
import { type AutoSkillConfig, isEmbeddingModel, isLanguageModel } from '../config';

/** The config a learning worker builds its own client from: plain data only. */
export type WorkerConfig = Omit<AutoSkillConfig, 'logger' | 'store' | 'vectorIndex'> & {
  store?: 'local';
  vectorIndex?: 'flat' | 'memory';
};

/**
 * The config to send to a learning worker, or why there is none: the worker opens the same
 * store from its own settings, so the store must be the local one (a worker cannot see another
 * thread's memory) and models must be provider settings, not objects (they cannot be sent).
 * The logger stays here: the worker's lines are forwarded to it.
 */
export function workerConfigOf(
  config: AutoSkillConfig,
): { config: WorkerConfig; reason?: undefined } | { reason: string } {
  if (config.store === 'memory')
    return { reason: 'the store is in memory, which a worker thread cannot share' };
  if (config.store !== undefined && config.store !== 'local')
    return { reason: 'the store is a SkillStore object, which cannot be sent to a worker thread' };
  if (config.databaseUrl?.startsWith('pglite:'))
    return { reason: 'the PGlite database is embedded in this thread and has one connection' };
  if (typeof config.vectorIndex === 'function')
    return { reason: 'vectorIndex is a factory function, which cannot be sent to a worker thread' };
  for (const key of ['llm', 'extractLlm'] as const)
    if (isLanguageModel(config[key]))
      return { reason: `${key} is a model object; give provider settings to learn in a worker` };
  if (isEmbeddingModel(config.embeddings))
    return { reason: 'embeddings is a model object; give provider settings to learn in a worker' };
  const { logger: _logger, learningQueue: _queue, ...rest } = config;
  const candidate: WorkerConfig = {
    ...(rest as WorkerConfig),
    // Resolved here: the worker must open the very store this client opened.
    storeDir: resolve(config.storeDir ?? 'Skills'),
    env: { ...(config.env ?? process.env) },
    learningWorker: false,
    learningQueue: { jobStore: 'none' },
  };
  try {
    return { config: structuredClone(candidate) };
  } catch (error) {
    return { reason: `the config cannot be sent to a worker thread (${(error as Error).message})` };
  }
}
