// @autoskill/sdk: the AutoSkill client and the chat session engine every app uses.

export type { ArchivedSkill } from '@autoskill/core';
// Moved to @autoskill/core; kept here so existing imports keep working.
export { KeyedMutex } from '@autoskill/core';
// From @autoskill/providers, so apps (which do not depend on it) share one vendor catalog and
// one OpenAI↔Anthropic converter (the proxy's Anthropic upstream answers through it).
export {
  createAnthropicProvider,
  findLanguageProvider,
  glmBearerToken,
  type LanguageProviderName,
  type ProviderCatalogEntry,
  providerCatalog,
} from '@autoskill/providers';
export type { SkillUsage } from '@autoskill/store-local';
export { AutoSkill } from './auto-skill';
export {
  type AutoSkillConfig,
  type LearningQueueConfig,
  type ModelSettings,
  type UsageConfig,
  type VectorIndexFactory,
  validateConfig,
} from './config';
export { type CopySkillsReport, copySkills } from './copy-skills';
export {
  type DatabaseMigration,
  type DatabaseTarget,
  migrateDatabase,
  parseDatabaseUrl,
} from './database-runtime';
export type { SkippedEntry } from './find-skill-folders';
export { type FoundSkillFolder, findSkillFolders } from './find-skill-folders';
export { type ForgetUserReport, PER_USER_STATE_AREAS } from './forget-user';
export {
  type ImportOptions,
  type ImportResult,
  libraryNameForFolder,
} from './import-agent-skill-dirs';
export { readConversationFile } from './import-conversations';
export {
  ChatSession,
  type ChatTurn,
  type CommandTurn,
  DEFAULT_SESSION_SETTINGS,
  type ExtractMode,
  parseCommand,
  type SessionSettings,
} from './learning/chat-session';
export type { ChatSessionHost } from './learning/chat-session-host';
export { collectExperienceRecords, type ExperienceRecord } from './learning/experience-records';
export {
  createFileLearningJobStore,
  type FileLearningJobStoreOptions,
} from './learning/file-learning-job-store';
export type {
  LearnFromConversationsOptions,
  LearnFromConversationsResult,
} from './learning/learn-from-conversations';
export {
  type LearnFromTrajectoriesOptions,
  type LearnFromTrajectoriesResult,
  readTrajectoryRecords,
  type TrajectoryOutcome,
} from './learning/learn-from-trajectories';
export type {
  ExtractionJob,
  ExtractionJobListener,
  ExtractionJobStatus,
  ExtractionTrigger,
  LearningDropReason,
  LearningQueueStats,
} from './learning/learning-job';
export {
  DEFAULT_LEARNING_QUEUE_LIMITS,
  LearningQueue,
  type LearningQueueOptions,
} from './learning/learning-queue';
export {
  DEFAULT_MIN_INJECT_SCORE,
  type PreparedTurn,
  prepareTurn,
  type RetrievalTrace,
  type RewriteMode,
  skillsSystemMessage,
  type TraceHit,
  type TurnOptions,
} from './learning/prepare-turn';
export { consoleLogger, type Logger, silentLogger } from './logger';
export type { SkillDraft } from './review/draft-store';
export type { DraftDetail, ReviewQueue } from './review/review-queue';
export type { RevisionSelector, SkillVersionDiff } from './skill-version-diff';
export {
  DEFAULT_MAX_CONTEXT_CHARS,
  DEFAULT_REFERENCE_MIN_SCORE,
  DEFAULT_SIMILARITY_THRESHOLD,
  type IngestInput,
  type IngestResult,
  type LearnedSkill,
  type NormalizeIdsReport,
  type SearchOptions,
  summarize,
  type VectorStatus,
  type VersionInfo,
} from './types';
export { heuristicUsage } from './usage/judge-skill-usage';
export { parseDuration } from './usage/parse-duration';
export type { PrunedSkill, PruneOptions, PruneResult } from './usage/skill-pruning';
export type { TurnUsage, UsageJudgeMode } from './usage/skill-usage-tracker';
