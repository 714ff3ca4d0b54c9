import { resolve } from 'node:path';
import {
  createInMemorySkillStore,
  createInMemoryVectorIndex,
  createNoEmbeddingModel,
  type EmbeddingModel,
  embeddingSignature,
  embeddingSignatureKey,
  embedMany,
  isEmbeddingDisabled,
  type LanguageModel,
  type SkillStore,
  type VectorIndex,
} from '@autoskill/core';
import { resolveProviders } from '@autoskill/providers';
import { createLocalSkillStore } from '@autoskill/store-local';
import { createFlatVectorIndex } from '@autoskill/vectors-flat';
import { type AutoSkillConfig, isEmbeddingModel, isLanguageModel } from './config';
import { openDatabaseRuntime, type SharedRuntime } from './database-runtime';
import type { Logger } from './logger';
import {
  choosesEmbeddings,
  readRememberedEmbeddings,
  rememberEmbeddings,
  rememberedSettings,
} from './remembered-embeddings';

/** Everything an AutoSkill instance runs on, created once at start-up. */
export interface Runtime {
  storeDirectory: string | undefined;
  /** With `databaseUrl`: the job queue, bus and sessions that replicas on the database share. */
  shared: SharedRuntime | undefined;
  store: SkillStore;
  vectorIndex: VectorIndex;
  embeddingModel: EmbeddingModel;
  /** The model that answers chat turns (the offline `mock` model by default). */
  chatModel: LanguageModel | undefined;
  /** Model for query rewrite and skill selection; undefined = offline (the `mock` provider). */
  languageModel: LanguageModel | undefined;
  extractionModel: LanguageModel | undefined;
  chosen: { llm: string; embeddings: string };
}

/** The folder a client keeps its store's derived files in (none with a database). */
export function storeDirectoryOf(config: AutoSkillConfig): string | undefined {
  const storeOption = config.databaseUrl ? 'database' : (config.store ?? 'local');
  if (storeOption === 'local') return resolve(config.storeDir ?? 'Skills');
  return storeOption === 'database' ? undefined : config.storeDir;
}

export async function createRuntime(config: AutoSkillConfig, logger: Logger): Promise<Runtime> {
  const env = config.env ?? process.env;
  const llmSettings = isLanguageModel(config.llm) ? undefined : config.llm;
  let embeddingSettings = isEmbeddingModel(config.embeddings) ? undefined : config.embeddings;
  // With a database the store is in it; nothing is kept in a folder beside it.
  const storeOption = config.databaseUrl ? 'database' : (config.store ?? 'local');
  const storeDirectory = storeDirectoryOf(config);
  // A local store keeps the embedding model it was indexed with unless one is asked for.
  const remembered =
    storeOption === 'local' ? await readRememberedEmbeddings(storeDirectory as string) : undefined;
  if (remembered && !isEmbeddingModel(config.embeddings) && !choosesEmbeddings(embeddingSettings)) {
    embeddingSettings = { ...embeddingSettings, ...rememberedSettings(remembered) };
    logger.info(
      `embeddings: ${remembered.provider} ${remembered.model} as the store was indexed with (--embeddings-provider to change)`,
    );
  }
  const needsResolution = !isLanguageModel(config.llm) || !isEmbeddingModel(config.embeddings);
  const resolved = needsResolution
    ? resolveProviders({ llm: llmSettings, embeddings: embeddingSettings, env, logger })
    : undefined;

  const languageModel = isLanguageModel(config.llm) ? config.llm : resolved?.languageModel;
  const offlineLlm = !languageModel || languageModel.provider === 'mock';
  let extractionModel: LanguageModel | undefined = offlineLlm ? undefined : languageModel;
  if (config.extractLlm) {
    if (isLanguageModel(config.extractLlm)) extractionModel = config.extractLlm;
    else {
      const extract = resolveProviders({
        llm: config.extractLlm,
        env,
        logger,
        embeddings: { provider: 'none' },
      });
      extractionModel =
        extract.languageModel.provider === 'mock' ? undefined : extract.languageModel;
    }
  }
  let embeddingModel = isEmbeddingModel(config.embeddings)
    ? config.embeddings
    : (resolved?.embeddingModel as EmbeddingModel);

  // Opened once the settings are known to be good, so a bad flag leaves no connection open.
  const database = config.databaseUrl ? await openDatabaseRuntime(config.databaseUrl) : undefined;
  // The local store (its catalog parsed on this thread) opens while the vector index reads its
  // file: a large store's start waits for the slower of the two, not both.
  const localStore =
    !database && storeOption === 'local'
      ? createLocalSkillStore({ directory: storeDirectory as string, logger })
      : undefined;
  // Awaited below; until then a failure must not count as unhandled.
  localStore?.catch(() => undefined);

  let dimensions = embeddingModel.dimensions;
  if (dimensions === undefined && !isEmbeddingDisabled(embeddingModel)) {
    try {
      dimensions = await probeDimensions(embeddingModel);
    } catch (error) {
      // An unreachable embedding vendor must not stop the store from opening: keywords only.
      logger.warn(
        `embeddings ${embeddingModel.provider}:${embeddingModel.modelId} unavailable (${(error as Error).message}); searching by keywords only`,
      );
      embeddingModel = createNoEmbeddingModel();
    }
  }
  let vectorIndex: VectorIndex;
  try {
    vectorIndex = await openVectorIndex(
      database
        ? {
            ...config,
            vectorIndex: (options) => database.openVectorIndex(options.name, options.dimensions),
          }
        : config,
      embeddingModel,
      dimensions,
      storeDirectory,
      logger,
    );
  } catch (error) {
    await database?.store.close?.();
    await localStore?.then((opened) => opened.close()).catch(() => undefined);
    throw error;
  }
  let store: SkillStore;
  try {
    store = database
      ? database.store
      : localStore
        ? await localStore
        : // 'memory' (the only string left here).
          typeof storeOption === 'string'
          ? createInMemorySkillStore()
          : storeOption;
  } catch (error) {
    await vectorIndex.close?.();
    throw error;
  }
  if (storeOption === 'local' && dimensions !== undefined && !isEmbeddingDisabled(embeddingModel))
    await rememberEmbeddings(
      storeDirectory as string,
      { provider: embeddingModel.provider, model: embeddingModel.modelId, dimensions },
      remembered,
    );
  return {
    storeDirectory,
    shared: database?.shared,
    store,
    vectorIndex,
    embeddingModel,
    chatModel: languageModel,
    languageModel: offlineLlm ? undefined : languageModel,
    extractionModel,
    chosen: {
      llm: languageModel ? `${languageModel.provider}:${languageModel.modelId}` : 'mock',
      embeddings: `${embeddingModel.provider}:${embeddingModel.modelId}`,
    },
  };
}

async function openVectorIndex(
  config: AutoSkillConfig,
  model: EmbeddingModel,
  dimensions: number | undefined,
  storeDirectory: string | undefined,
  logger: Logger,
): Promise<VectorIndex> {
  if (isEmbeddingDisabled(model) || dimensions === undefined)
    return createInMemoryVectorIndex({ name: 'disabled', dimensions: 1 });
  const signature = embeddingSignature({ ...model, dimensions } as EmbeddingModel);
  const name = embeddingSignatureKey(signature);
  const option =
    config.vectorIndex ??
    (config.store === undefined || config.store === 'local' ? 'flat' : 'memory');
  if (typeof option === 'function') return option({ name, dimensions, directory: storeDirectory });
  if (option === 'memory' || !storeDirectory)
    return createInMemoryVectorIndex({ name, dimensions });
  return createFlatVectorIndex({
    directory: resolve(storeDirectory, 'vectors'),
    name,
    dimensions,
    logger: {
      warn: (message: string) => logger.warn(message),
      info: (message: string) => logger.info(message),
    },
  });
}

async function probeDimensions(model: EmbeddingModel): Promise<number> {
  const [vector] = await embedMany(model, ['dimension probe']);
  if (!vector) throw new Error(`${model.provider} returned no embedding for the dimension probe`);
  return vector.length;
}
