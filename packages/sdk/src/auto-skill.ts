import {
  type ArchivedSkill,
  assertSafeUserId,
  InvalidArgumentError,
  KeyedMutex,
  renderSkillsContext,
  type SearchScope,
  type Skill,
  type SkillCandidate,
  type SkillDocument,
  type SkillHit,
  SkillNotFoundError,
  type SkillScope,
} from '@autoskill/core';
import type { SkillUsage } from '@autoskill/store-local';
import { type AutoSkillConfig, validateConfig } from './config';
import { type CopySkillsReport, copySkills } from './copy-skills';
import { createRuntime, type Runtime, storeDirectoryOf } from './create-runtime';
import { type ForgetUserReport, forgetUserData } from './forget-user';
import type { ImportOptions, ImportResult } from './import-agent-skill-dirs';
import { ChatSession, type SessionSettings } from './learning/chat-session';
import type { ChatSessionHost } from './learning/chat-session-host';
import { validateIngestInput } from './learning/ingest-input';
import {
  type LearnFromConversationsOptions,
  type LearnFromConversationsResult,
  learnFromConversations,
} from './learning/learn-from-conversations';
import {
  type LearnFromTrajectoriesOptions,
  type LearnFromTrajectoriesResult,
  learnFromTrajectories,
} from './learning/learn-from-trajectories';
import { Learner } from './learning/learner';
import type { LearningExecutor } from './learning/learning-executor';
import type { LearningQueue } from './learning/learning-queue';
import { createLearningExecutor, createLearningQueue } from './learning/learning-setup';
import { type PreparedTurn, prepareTurn, type TurnOptions } from './learning/prepare-turn';
import { consoleLogger, type Logger, silentLogger } from './logger';
import { DraftStore } from './review/draft-store';
import { ReviewQueue } from './review/review-queue';
import { resolveListOptions, resolveSearchOptions } from './search-options';
import type { SkillAccess, WriteRights } from './skill-access';
import { SkillSearchIndex } from './skill-search-index';
import { SkillTransfer } from './skill-transfer';
import {
  diffSkillVersions,
  type RevisionSelector,
  type SkillVersionDiff,
  skillMdAtRevision,
} from './skill-version-diff';
import { deleteSkill, listVersions, rollbackSkill, saveSkillMarkdown } from './skill-versions';
import {
  DEFAULT_MAX_CONTEXT_CHARS,
  type IngestInput,
  type IngestResult,
  type NormalizeIdsReport,
  type SearchOptions,
  type VectorStatus,
  type VersionInfo,
} from './types';
import { type PruneOptions, type PruneResult, SkillPruning } from './usage/skill-pruning';
import { SkillUsageTracker, type TurnUsage } from './usage/skill-usage-tracker';

/**
 * The AutoSkill client: learns skills from interactions and retrieves them for new requests.
 * A thin facade: search lives in `SkillSearchIndex`, learning in `Learner` + `LearningQueue`,
 * versions in `skill-versions`, import/export in `SkillTransfer`.
 *
 * @example
 * const autoskill = new AutoSkill({ storeDir: 'Skills' });
 * await autoskill.ingest({ userId: 'u1', messages: [{ role: 'user', content: 'Before each release: run regression -> canary -> monitor -> full rollout.' }] });
 * const hits = await autoskill.search('How should I do a safe release?', { userId: 'u1' });
 */
export class AutoSkill {
  readonly config: AutoSkillConfig;
  readonly logger: Logger;
  /** Background learning: per-user job queue with status history and subscriptions. */
  readonly learning: LearningQueue;
  /** Drafts of learned adds and merges awaiting the user's approval (review mode `learned`). */
  readonly review: ReviewQueue;
  private readonly runtimePromise: Promise<Runtime>;
  private readonly index: SkillSearchIndex;
  /** The one per-user serialisation of learning, shared by `ingest` and the job queue. */
  private readonly perUser = new KeyedMutex();
  private readonly learner: Learner;
  /** Where learning steps run: this thread, or a worker thread (`learningWorker`). */
  private readonly executor: LearningExecutor;
  private readonly transfer: SkillTransfer;
  private readonly access: SkillAccess;
  /** Usage counters and the background judge (created once the store is open). */
  private readonly usageTracker: Promise<SkillUsageTracker>;
  private readonly pruning: SkillPruning;

  constructor(config: AutoSkillConfig = {}) {
    this.config = validateConfig(config);
    this.logger = resolveLogger(this.config.logger);
    this.runtimePromise = createRuntime(this.config, this.logger);
    // Surface start-up errors on first use, not as unhandled rejections.
    this.runtimePromise.catch(() => {});
    this.index = new SkillSearchIndex(
      this.runtimePromise,
      this.logger,
      storeDirectoryOf(this.config),
    );
    this.access = {
      store: async () => (await this.runtimePromise).store,
      get: (id) => this.get(id),
      reindex: (ids) => this.index.reindex(ids),
    };
    const drafts = new DraftStore(async () => (await this.runtimePromise).storeDirectory);
    this.learner = new Learner({
      config: this.config,
      logger: this.logger,
      ready: () => this.ready(),
      search: (query, options) => this.search(query, options),
      index: this.index,
      ...(this.config.review === 'learned' ? { drafts } : {}),
    });
    this.review = new ReviewQueue(drafts, {
      runtime: () => this.ready(),
      index: this.index,
      perUser: this.perUser,
    });
    this.transfer = new SkillTransfer(this.access, this.index, this.logger);
    this.usageTracker = this.runtimePromise.then(
      (runtime) =>
        new SkillUsageTracker(
          (this.config.store ?? 'local') === 'local' ? runtime.storeDirectory : undefined,
          {
            judgeModel: async () => runtime.languageModel,
            get: (id) => this.get(id),
            logger: this.logger,
            judge: this.config.usage?.judge ?? 'auto',
            ...(this.config.usage?.flushDelayMs === undefined
              ? {}
              : { flushDelayMs: this.config.usage.flushDelayMs }),
          },
        ),
    );
    this.usageTracker.catch(() => {});
    this.pruning = new SkillPruning({
      access: this.access,
      usage: () => this.usageStats(),
      reindex: (ids) => this.index.reindex(ids),
    });
    this.executor = createLearningExecutor({
      config: this.config,
      logger: this.logger,
      inThread: {
        kind: 'in-thread',
        learn: (input) => this.learner.learn(input),
        extractCandidate: (input) => this.learner.extractCandidate(input),
        close: async () => {},
      },
      // The worker wrote to the store and the vector files: take its skills in before answering.
      afterLearn: async (ids) => {
        await this.index.sync();
        if (ids.length > 0) await this.index.reindex(ids);
      },
    });
    this.learning = createLearningQueue({
      config: this.config,
      logger: this.logger,
      perUser: this.perUser,
      executor: this.executor,
      runtime: this.runtimePromise,
    });
  }

  /** Resolves when the store is open and the search index is in sync with it. */
  async ready(): Promise<Runtime> {
    await this.index.retriever();
    return this.runtimePromise;
  }

  /**
   * Retrieval for one chat turn: optional query rewrite, hybrid search, min-score/top-k, optional
   * model selection, rendering. Returns the context to inject and a trace of every decision.
   */
  async prepareTurn(options: TurnOptions): Promise<PreparedTurn> {
    assertSafeUserId(options.userId);
    const runtime = await this.ready();
    return prepareTurn(options, {
      search: (query, searchOptions) => this.search(query, searchOptions),
      standing: (userId) => this.index.standingPreferences(userId),
      ...(runtime.languageModel ? { model: runtime.languageModel } : {}),
      maxContextChars: this.config.maxContextChars ?? DEFAULT_MAX_CONTEXT_CHARS,
    });
  }

  /** A chat session: retrieval every turn, streaming answers, background learning, slash commands. */
  createSession(options: { userId: string; settings?: Partial<SessionSettings> }): ChatSession {
    return new ChatSession(this.sessionHost(), options);
  }

  /** What chat sessions use of this client (apps may wrap or replace it). */
  sessionHost(): ChatSessionHost {
    return {
      chatModel: async () => (await this.ready()).chatModel,
      prepareTurn: (options) => this.prepareTurn(options),
      scheduleLearning: (input, trigger) => this.learning.schedule(input, trigger),
      list: (options) => this.list(options),
      search: (query, options) => this.search(query, options),
      get: (id) => this.get(id),
      exportSkillMd: (id) => this.exportSkillMd(id),
      recordUsage: (turn) => this.recordTurnUsage(turn),
    };
  }

  /**
   * Counts an answered turn: every retrieved and injected skill now; which injected skills the
   * answer actually used is judged in the background (the configured model, or a heuristic
   * offline). Returns at once: the answer never waits for it.
   */
  recordTurnUsage(turn: TurnUsage): void {
    assertSafeUserId(turn?.userId);
    for (const field of ['retrievedIds', 'injectedIds'] as const)
      if (!Array.isArray(turn[field]) || turn[field].some((id) => typeof id !== 'string'))
        throw new InvalidArgumentError(field, 'must be an array of skill ids');
    if (typeof turn.query !== 'string' || typeof turn.answer !== 'string')
      throw new InvalidArgumentError('turn', 'query and answer must be strings');
    void this.usageTracker.then((tracker) => tracker.afterTurn(turn)).catch(() => {});
  }

  /** Usage counters of every skill that has any, by id (kept beside the store, not in SKILL.md). */
  async usageStats(): Promise<Map<string, SkillUsage>> {
    return (await this.usageTracker).all();
  }

  /** Usage of one skill (zeros when it was never retrieved). */
  async skillUsage(id: string): Promise<SkillUsage> {
    if (typeof id !== 'string' || id === '')
      throw new InvalidArgumentError('id', 'must be a non-empty string');
    return (await this.usageTracker).get(id);
  }

  /** Waits for background usage judgments and writes the counters now. */
  async flushUsage(): Promise<void> {
    await (await this.usageTracker).flush();
  }

  /**
   * Archives user skills not used within `unusedForMs` (and not changed within it): they leave
   * listing, retrieval and injection; `restore` brings one back with its history. `dryRun`
   * (the default) only reports them.
   */
  prune(options: PruneOptions): Promise<PruneResult> {
    return this.pruning.prune(options);
  }

  /** Archives one skill (out of listing and retrieval; history kept; `restore` undoes it). */
  archive(
    id: string,
    options: { userId?: string; reason?: string; allowLibrary?: boolean } = {},
  ): Promise<ArchivedSkill> {
    return this.pruning.archive(id, options);
  }

  /** Brings an archived skill back with its full version history. */
  restore(id: string, options: { userId?: string } = {}): Promise<Skill> {
    return this.pruning.restore(id, options);
  }

  /** Archived skills of a user (`scope: 'user'`, default), of the library or both; newest first. */
  async listArchived(
    options: { userId?: string; scope?: SearchScope } = {},
  ): Promise<ArchivedSkill[]> {
    const { scope, owner } = resolveListOptions(options);
    return this.pruning.listArchived({ scope, ...(owner ? { owner } : {}) });
  }

  /** Hybrid (vector + BM25) search over the user's skills and/or the shared library. */
  async search(query: string, options: SearchOptions = {}): Promise<SkillHit[]> {
    if (typeof query !== 'string' || query.trim() === '')
      throw new InvalidArgumentError('query', 'must be a non-empty string');
    const resolved = resolveSearchOptions(options, this.config.defaultSearchLimit ?? 5);
    return this.index.search(query, { ...resolved, owner: resolved.userId });
  }

  /** Searches and renders the hits into a block to put in the model's context ('' when nothing matches). */
  async renderContext(
    query: string,
    options: SearchOptions & { maxChars?: number } = {},
  ): Promise<string> {
    const hits = await this.search(query, options);
    return renderSkillsContext(
      hits.map((hit) => hit.skill),
      {
        query,
        maxChars: options.maxChars ?? this.config.maxContextChars ?? DEFAULT_MAX_CONTEXT_CHARS,
      },
    ).text;
  }

  /**
   * Learns from one interaction: extraction proposes at most one skill, maintenance adds it,
   * merges it into a similar skill of the user (bumping the patch version) or discards it. One
   * user's learning steps (these and queued jobs) run one at a time, in order.
   */
  async ingest(input: IngestInput): Promise<IngestResult> {
    validateIngestInput(input);
    return this.perUser.run(input.userId, () => this.executor.learn(input));
  }

  /** Dry run of extraction: what would be learned from these messages, without writing anything. */
  async extractCandidate(
    input: IngestInput,
  ): Promise<{ candidate?: SkillCandidate; reason: string; mode: string }> {
    assertSafeUserId(input.userId);
    return this.executor.extractCandidate(input);
  }

  /**
   * Learns from past conversations in OpenAI-format JSON/JSONL files (one ingest per
   * conversation, in order). Failures are counted and listed; the run continues.
   */
  learnFromConversations(
    options: LearnFromConversationsOptions,
  ): Promise<LearnFromConversationsResult> {
    return learnFromConversations((input) => this.ingest(input), options);
  }

  /**
   * Learns from agent trajectories — tool-using runs as OpenAI messages with tool calls and tool
   * results, or records with tool events — in JSON/JSONL files or a folder of them, one step per
   * run, in order. A successful run with a real procedure becomes a skill; a failed run or a
   * one-off call teaches none.
   */
  learnFromTrajectories(
    options: LearnFromTrajectoriesOptions,
  ): Promise<LearnFromTrajectoriesResult> {
    return learnFromTrajectories((input) => this.ingest(input), options);
  }

  /** A skill by id (user or library), or undefined. */
  async get(id: string): Promise<Skill | undefined> {
    if (typeof id !== 'string' || id === '')
      throw new InvalidArgumentError('id', 'must be a non-empty string');
    // Reads need the store, not the search index (building it is the slow part of a start).
    await this.index.sync();
    return (await this.runtimePromise).store.get(id);
  }

  /** Skills of a user (`scope: 'user'`, the default), of the library (`common`) or both (`all`). */
  async list(options: { userId?: string; scope?: SearchScope } = {}): Promise<Skill[]> {
    const { scope, owner } = resolveListOptions(options);
    const runtime = await this.runtimePromise;
    await this.index.sync();
    return runtime.store.list({ scope, ...(owner ? { owner } : {}) });
  }

  /** Deletes a user skill and its history. Library skills are read-only unless `allowLibrary`. */
  delete(id: string, options: WriteRights = {}): Promise<boolean> {
    return deleteSkill(this.access, id, options);
  }

  /**
   * Copies every skill of `source` (another client: a local store, a database) into this
   * client's store with its history, and indexes what was written. Re-runs copy nothing new.
   */
  async copySkillsFrom(source: AutoSkill): Promise<CopySkillsReport> {
    const [from, to] = await Promise.all([source.ready(), this.ready()]);
    const report = await copySkills(from.store, to.store);
    const written = [...report.created, ...report.updated];
    if (written.length > 0) await this.index.reindex(written);
    return report;
  }

  /**
   * Forgets one user: their skills with every version, vectors and keyword entries, their
   * learning jobs (waiting ones never run), and their per-user areas in the store (chat sessions,
   * drafts, usage). Other users and the library are untouched. `userId` is exactly one user:
   * there is no pattern and no "all users".
   */
  async forgetUser(userId: string): Promise<ForgetUserReport> {
    assertSafeUserId(userId);
    const runtime = await this.ready();
    return this.perUser.run(userId, async () => {
      const forgottenJobs = await this.learning.forgetUser(userId);
      const { deletedIds, removedAreas } = await forgetUserData(runtime, userId, (ids) =>
        this.index.reindex(ids),
      );
      await (await this.usageTracker).forget(deletedIds);
      this.logger.info(
        `forgot user ${userId}: ${deletedIds.length} skill(s), ${forgottenJobs} learning job(s)`,
      );
      return { userId, deletedSkills: deletedIds.length, forgottenJobs, removedAreas };
    });
  }

  /** Every revision of a skill, oldest first; the last one is current. */
  versions(id: string, options: { userId?: string } = {}): Promise<VersionInfo[]> {
    return listVersions(this.access, id, options);
  }

  /**
   * Restores an earlier revision's content exactly (SKILL.md, resources and version label) as a
   * new revision; the history keeps everything. Default target: the revision before the current one.
   */
  rollback(
    id: string,
    options: { userId?: string; toVersion?: string; toRevision?: number } = {},
  ): Promise<Skill> {
    return rollbackSkill(this.access, id, options);
  }

  /**
   * The unified diff between two revisions' SKILL.md texts. `from`/`to` name a version label (the
   * newest revision with it) or a revision number; defaults: the previous revision → the current one.
   */
  diffVersions(
    id: string,
    options: { userId?: string; from?: RevisionSelector; to?: RevisionSelector } = {},
  ): Promise<SkillVersionDiff> {
    return diffSkillVersions(this.access, id, options);
  }

  /**
   * Replaces a user skill with an edited SKILL.md (a human edit). The id and owner stay; the
   * version is bumped unless the edit sets a higher one; the previous content stays in history.
   */
  saveSkillMd(id: string, markdown: string, options: { userId?: string } = {}): Promise<Skill> {
    return saveSkillMarkdown(this.access, id, markdown, options);
  }

  /** How many skills in scope have a fresh vector in the current embedding index. */
  async vectorStatus(
    options: { userId?: string; scope?: SearchScope } = {},
  ): Promise<VectorStatus> {
    const skills = await this.list({ ...options, scope: options.scope ?? 'all' });
    return this.index.vectorStatus(skills);
  }

  /** Re-embeds skills (all, or only missing/stale ones unless `force`). Returns how many were embedded. */
  rebuildVectors(options: { force?: boolean } = {}): Promise<number> {
    return this.index.rebuildVectors(options);
  }

  /** Imports Agent Skill folders (`**\/SKILL.md` with their resources) into the store. */
  importAgentSkillDirs(options: ImportOptions): Promise<ImportResult> {
    return this.transfer.importAgentSkillDirs(options);
  }

  /**
   * Adds skill documents you already hold (e.g. parsed SKILL.md files) in one batch. Ids are kept
   * when they are UUIDs not used elsewhere, otherwise new ones are assigned.
   */
  addSkills(
    documents: SkillDocument[],
    options: { scope: SkillScope; owner: string },
  ): Promise<Skill[]> {
    return this.transfer.addSkills(documents, options);
  }

  /** The SKILL.md text of a skill (the current one, or a kept `revision`). */
  async exportSkillMd(id: string, options: { revision?: number } = {}): Promise<string> {
    if (options.revision === undefined) return this.transfer.exportSkillMd(id);
    if (!(await this.get(id))) throw new SkillNotFoundError(id);
    return skillMdAtRevision((await this.runtimePromise).store, id, options.revision);
  }

  /** All files of a skill folder (SKILL.md + resources), keyed by relative path. */
  exportSkillDir(id: string): Promise<Record<string, Uint8Array>> {
    return this.transfer.exportSkillDir(id);
  }

  /** Writes one skill as an Agent Skill folder `rootDir/<name>/`; returns the folder. */
  async writeSkillDir(id: string, options: { rootDir: string }): Promise<string> {
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    const [folder] = await this.transfer.writeSkillDirs([skill], options.rootDir);
    return folder as string;
  }

  /** Writes a user's skills as Agent Skill folders under `rootDir/<name>/`; returns the folders written. */
  async writeSkillDirs(options: { userId: string; rootDir: string }): Promise<string[]> {
    const skills = await this.list({ userId: options.userId, scope: 'user' });
    return this.transfer.writeSkillDirs(skills, options.rootDir);
  }

  /**
   * Re-reads the store from disk (hand-edited SKILL.md files included), gives every SKILL.md
   * without an id a new one (written back) and reports unreadable files.
   */
  normalizeIds(): Promise<NormalizeIdsReport> {
    return this.transfer.normalizeIds();
  }

  /**
   * Waits for queued learning, stops the learning worker, flushes indexes and releases files.
   * `learning: 'leave'` waits only for the jobs running now: the waiting ones stay in the job
   * store and the next process on the store runs them (a quick shutdown).
   */
  async close(options: { learning?: 'finish' | 'leave' } = {}): Promise<void> {
    await this.learning.close({ pending: options.learning ?? 'finish' });
    await this.executor.close();
    const runtime = await this.runtimePromise.catch(() => undefined);
    if (!runtime) return;
    await (await this.usageTracker).close();
    await this.index.settle();
    await runtime.vectorIndex.flush?.();
    await runtime.vectorIndex.close?.();
    await runtime.store.close?.();
  }
}

function resolveLogger(logger: AutoSkillConfig['logger']): Logger {
  if (logger === 'silent') return silentLogger;
  if (logger === undefined || logger === 'console') return consoleLogger;
  return logger;
}
