import type {
  EmbeddingModel,
  LanguageModel,
  LearningJobStore,
  SkillStore,
  VectorIndex,
} from '@autoskill/core';
import { InvalidArgumentError } from '@autoskill/core';
import { z } from 'zod';
import type { Logger } from './logger';

/** Which vendor and model to use; every field can also come from the environment. */
export interface ModelSettings {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  /** Embedding dimensions (hashing: default 256). */
  dimensions?: number;
  timeoutMs?: number;
  [key: string]: unknown;
}

export type VectorIndexFactory = (options: {
  name: string;
  dimensions: number;
  directory?: string;
}) => Promise<VectorIndex>;

export interface AutoSkillConfig {
  /** Store root (default `./Skills`): `Users/`, `Common/`, `vectors/` live under it. */
  storeDir?: string;
  /** `local` (default): SKILL.md folders under `storeDir`; `memory`: nothing on disk; or your own SkillStore. */
  store?: 'local' | 'memory' | SkillStore;
  /**
   * Keep skills and vectors in PostgreSQL instead: `postgres://user@host/db` (`?schema=name`,
   * default `autoskill`), or PGlite embedded in this process: `pglite:///absolute/dir`,
   * `pglite://memory`. Pending migrations are applied on open. Learning jobs, drafts, sessions and
   * usage counters then stay in this process's memory. Not together with `store`.
   */
  databaseUrl?: string;
  /** `flat` (default with a local store): on disk under `<storeDir>/vectors`; `memory`; or your own factory. */
  vectorIndex?: 'flat' | 'memory' | VectorIndexFactory;
  /** Chat model used for extraction/maintenance (default: offline `mock`, i.e. deterministic rules). */
  llm?: LanguageModel | ModelSettings;
  /** Model used for learning when it should differ from `llm` (e.g. a cheaper one). Default: `llm`. */
  extractLlm?: LanguageModel | ModelSettings;
  /** Embedding model (default: offline `hashing`, 256 dims). `{ provider: 'none' }` = keyword search only. */
  embeddings?: EmbeddingModel | ModelSettings;
  /** Character budget of the rendered skill context (default 6000; CJK counts per character). */
  maxContextChars?: number;
  /** Default number of search hits (default 5). */
  defaultSearchLimit?: number;
  /** Minimum score for the top hit to be used as extraction's identity reference (default 0.1). */
  referenceMinScore?: number;
  /** Similarity at which a candidate may merge into an existing skill (default 0.25). */
  similarityThreshold?: number;
  /** Redact e-mails, URLs, keys and long numbers before text goes to an LLM (default true). */
  redact?: boolean;
  /** Learning jobs running at once across users (default 2; one user's jobs always run in order). */
  learningConcurrency?: number;
  /** Bounds, coalescing and persistence of background learning jobs (`autoskill.learning`). */
  learningQueue?: LearningQueueConfig;
  /**
   * Run learning steps (extraction, maintenance, embedding) in a worker thread with its own
   * client over the same store, so they never hold up the thread that answers (default false;
   * the proxy turns it on). Needs a config a worker can rebuild: the local store and provider
   * settings rather than model or store objects; otherwise learning stays in this thread and
   * the reason is logged once.
   */
  learningWorker?: boolean;
  /**
   * `learned`: what learning adds or merges is kept as a draft (`autoskill.review`) until the
   * user approves it; nothing unapproved is injected. `off` (default): learning writes directly.
   */
  review?: 'off' | 'learned';
  /** Usage tracking (per-skill retrieved/injected/used counters beside the store). */
  usage?: UsageConfig;
  /** `console` (default, to stderr), `silent`, or your own. */
  logger?: Logger | 'console' | 'silent';
  /** Environment used to pick providers and API keys (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** How usage is judged and saved. */
export interface UsageConfig {
  /** `auto` (default): the configured model judges which injected skills an answer used, the offline heuristic without one; `heuristic`; `off`: only retrievals and injections are counted. */
  judge?: 'auto' | 'heuristic' | 'off';
  /** Counters are written at most this often (default 2000 ms) and on `close()`. */
  flushDelayMs?: number;
}

/** Bounds, coalescing and persistence of the learning queue. */
export interface LearningQueueConfig {
  /** Jobs of one user waiting to start (default 20); more are `dropped` (reason `user_queue_full`). */
  maxPerUser?: number;
  /** Jobs of all users waiting to start (default 1000); more are `dropped` (reason `queue_full`). */
  maxTotal?: number;
  /** Messages a job keeps when later windows of its conversation are merged into it (default 24, the newest). */
  maxWindowMessages?: number;
  /**
   * Where accepted jobs are kept until they finished, so a restart (or another process on the
   * store) resumes them: `file` (default with the local store: `<storeDir>/.autoskill/jobs/`),
   * `none` (memory only), or your own `LearningJobStore`.
   */
  jobStore?: 'file' | 'none' | LearningJobStore;
}

const modelSettingsSchema = z
  .object({
    provider: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    baseUrl: z.string().url().optional(),
    apiKey: z.string().min(1).optional(),
    dimensions: z.number().int().min(1).max(16384).optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .passthrough();

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const hasMethod = (value: unknown, method: string) =>
  isObject(value) && typeof value[method] === 'function';

const configSchema = z.object({
  storeDir: z.string().min(1).optional(),
  store: z
    .union([z.enum(['local', 'memory']), z.custom<SkillStore>((value) => hasMethod(value, 'put'))])
    .optional(),
  databaseUrl: z.string().min(1).optional(),
  vectorIndex: z
    .union([
      z.enum(['flat', 'memory']),
      z.custom<VectorIndexFactory>((value) => typeof value === 'function'),
    ])
    .optional(),
  llm: z
    .union([
      z.custom<LanguageModel>((value) => hasMethod(value, 'doGenerate')),
      modelSettingsSchema,
    ])
    .optional(),
  extractLlm: z
    .union([
      z.custom<LanguageModel>((value) => hasMethod(value, 'doGenerate')),
      modelSettingsSchema,
    ])
    .optional(),
  embeddings: z
    .union([z.custom<EmbeddingModel>((value) => hasMethod(value, 'doEmbed')), modelSettingsSchema])
    .optional(),
  maxContextChars: z.number().int().min(200).max(1_000_000).optional(),
  defaultSearchLimit: z.number().int().min(1).max(1000).optional(),
  referenceMinScore: z.number().min(0).max(1).optional(),
  similarityThreshold: z.number().min(0).max(1).optional(),
  redact: z.boolean().optional(),
  learningConcurrency: z.number().int().min(1).max(64).optional(),
  learningQueue: z
    .object({
      maxPerUser: z.number().int().min(1).max(1_000_000).optional(),
      maxTotal: z.number().int().min(1).max(10_000_000).optional(),
      maxWindowMessages: z.number().int().min(1).max(1000).optional(),
      jobStore: z
        .union([
          z.enum(['file', 'none']),
          z.custom<LearningJobStore>((value) => hasMethod(value, 'claimOrphans')),
        ])
        .optional(),
    })
    .strict()
    .optional(),
  learningWorker: z.boolean().optional(),
  review: z.enum(['off', 'learned']).optional(),
  usage: z
    .object({
      judge: z.enum(['auto', 'heuristic', 'off']).optional(),
      flushDelayMs: z.number().int().min(0).max(3_600_000).optional(),
    })
    .strict()
    .optional(),
  logger: z
    .union([z.enum(['console', 'silent']), z.custom<Logger>((value) => hasMethod(value, 'warn'))])
    .optional(),
  // Not z.record: process.env itself has no plain prototype and zod 4 would refuse it.
  env: z
    .custom<Record<string, string | undefined>>(
      (value) =>
        isObject(value) &&
        Object.values(value).every((entry) => entry === undefined || typeof entry === 'string'),
      'must be an object of strings, like process.env',
    )
    .optional(),
});

/** Validates a user-supplied config; throws InvalidArgumentError naming the bad field. */
export function validateConfig(config: unknown): AutoSkillConfig {
  const result = configSchema.safeParse(config ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || 'config';
    throw new InvalidArgumentError(
      `config.${path}`.replace(/^config\.config$/, 'config'),
      issue?.message ?? 'invalid',
    );
  }
  if (result.data.databaseUrl !== undefined && result.data.store !== undefined)
    throw new InvalidArgumentError(
      'config.databaseUrl',
      'give either databaseUrl or store, not both',
    );
  return result.data as AutoSkillConfig;
}

export function isLanguageModel(value: unknown): value is LanguageModel {
  return hasMethod(value, 'doGenerate');
}

export function isEmbeddingModel(value: unknown): value is EmbeddingModel {
  return hasMethod(value, 'doEmbed');
}
