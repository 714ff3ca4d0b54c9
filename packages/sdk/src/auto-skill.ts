import {
  AutoSkillError,
  assertSafeLibraryName,
  assertSafeUserId,
  bumpPatchVersion,
  type ChatMessage,
  compareVersions,
  createSkillId,
  createSkillRetriever,
  type ExperienceEvent,
  InvalidArgumentError,
  isUuid,
  KeyedMutex,
  MAX_SKILL_MD_BYTES,
  messageText,
  normalizeSkillDocument,
  parseSkillMarkdown,
  ReadOnlyError,
  renderSkillMarkdown,
  renderSkillsContext,
  type SearchScope,
  type Skill,
  type SkillCandidate,
  type SkillDocument,
  type SkillHit,
  SkillNotFoundError,
  type SkillRevision,
  type SkillScope,
  type SkillStore,
} from '@autoskill/core';
import { createSkillExtractor } from '@autoskill/extraction';
import { createSkillMaintainer } from '@autoskill/maintenance';
import { type AutoSkillConfig, validateConfig } from './config';
import { createRuntime, type Runtime } from './create-runtime';
import { exportSkillDir, writeSkillDirs } from './export-skills';
import {
  type ImportOptions,
  type ImportResult,
  importAgentSkillDirs,
} from './import-agent-skill-dirs';
import { readConversationFile } from './import-conversations';
import { ChatSession, type SessionSettings } from './learning/chat-session';
import { LearningQueue } from './learning/learning-queue';
import { type PreparedTurn, prepareTurn, type TurnOptions } from './learning/prepare-turn';
import { consoleLogger, type Logger, silentLogger } from './logger';

export interface SearchOptions {
  userId?: string;
  /** `user`, `common` (the shared library) or `all` (default). */
  scope?: SearchScope;
  limit?: number;
  minScore?: number;
}

export interface IngestInput {
  userId: string;
  messages?: ChatMessage[];
  events?: ExperienceEvent[];
  hint?: string;
  abortSignal?: AbortSignal;
}

export interface LearnedSkill {
  id: string;
  name: string;
  title: string;
  version: string;
}

export interface IngestResult {
  added: LearnedSkill[];
  merged: LearnedSkill[];
  /** True when extraction proposed a candidate that maintenance discarded. */
  discarded: boolean;
  /** Why nothing was learned, or what happened. */
  reason: string;
  skills: Skill[];
}

export interface VersionInfo extends SkillRevision {
  current: boolean;
}

/**
 * Score scale of the hybrid retriever: keyword scores are normalised by the query's total idf, so
 * a natural-language request that shares its key terms with a skill scores about 0.2–0.7 and an
 * unrelated one below 0.1 (see docs/decisions/2026-11-25-hybrid-ranking.md).
 */
export const DEFAULT_REFERENCE_MIN_SCORE = 0.1;
export const DEFAULT_SIMILARITY_THRESHOLD = 0.25;

interface Learners {
  extractor: ReturnType<typeof createSkillExtractor>;
  maintainer: ReturnType<typeof createSkillMaintainer>;
}

const SCOPES = new Set(['user', 'common', 'all', 'library']);

/**
 * The AutoSkill client: learns skills from interactions and retrieves them for new requests.
 *
 * @example
 * const autoskill = new AutoSkill({ storeDir: 'Skills' });
 * await autoskill.ingest({ userId: 'u1', messages: [{ role: 'user', content: 'Before each release: run regression -> canary -> monitor -> full rollout.' }] });
 * const hits = await autoskill.search('How should I do a safe release?', { userId: 'u1' });
 */
export class AutoSkill {
  readonly config: AutoSkillConfig;
  readonly logger: Logger;
  private readonly runtimePromise: Promise<Runtime>;
  private readonly userLocks = new KeyedMutex();
  private learnersPromise: Promise<Learners> | undefined;
  private retrieverPromise: Promise<ReturnType<typeof createSkillRetriever>> | undefined;
  /** Background learning: per-user job queue with status history and subscriptions. */
  readonly learning: LearningQueue;

  constructor(config: AutoSkillConfig = {}) {
    this.config = validateConfig(config);
    const logger = this.config.logger;
    this.logger =
      logger === 'silent'
        ? silentLogger
        : logger === undefined || logger === 'console'
          ? consoleLogger
          : logger;
    this.runtimePromise = createRuntime(this.config, this.logger);
    // Surface start-up errors on first use, not as unhandled rejections.
    this.runtimePromise.catch(() => {});
    this.learning = new LearningQueue({
      learn: (input) => this.ingest(input),
      concurrency: this.config.learningConcurrency ?? 2,
      logger: this.logger,
    });
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
      ...(runtime.languageModel ? { model: runtime.languageModel } : {}),
      maxContextChars: this.config.maxContextChars ?? 6000,
    });
  }

  /** A chat session: retrieval every turn, streaming answers, background learning, slash commands. */
  createSession(options: { userId: string; settings?: Partial<SessionSettings> }): ChatSession {
    return new ChatSession(this, options);
  }

  /** Resolves when the store is open and the search index is in sync with it. */
  async ready(): Promise<Runtime> {
    await this.retriever();
    return this.runtimePromise;
  }

  private async retriever() {
    if (!this.retrieverPromise) {
      this.retrieverPromise = (async () => {
        const runtime = await this.runtimePromise;
        const retriever = createSkillRetriever({
          embeddingModel: runtime.embeddingModel,
          vectorIndex: runtime.vectorIndex,
        });
        const skills = await runtime.store.list({ scope: 'all' });
        const state = (runtime.vectorIndex as { openState?: string; rebuildReason?: string })
          .openState;
        if (state && state !== 'loaded' && skills.length > 0) {
          const why = (runtime.vectorIndex as { rebuildReason?: string }).rebuildReason ?? state;
          this.logger.info(
            `vector index ${runtime.vectorIndex.name}: ${why}; rebuilding it from ${skills.length} SKILL.md file(s)`,
          );
        }
        await retriever.index(skills);
        await runtime.vectorIndex.flush?.();
        return retriever;
      })();
      this.retrieverPromise.catch(() => {
        this.retrieverPromise = undefined;
      });
    }
    return this.retrieverPromise;
  }

  /** The extractor and maintainer, built once the runtime is known and reused by every ingest. */
  private learners(): Promise<Learners> {
    if (this.learnersPromise) return this.learnersPromise;
    this.learnersPromise = this.ready().then((runtime) => ({
      extractor: createSkillExtractor({
        model: runtime.extractionModel,
        redact: this.config.redact ?? true,
        logger: this.logger,
      }),
      maintainer: createSkillMaintainer({
        store: runtime.store,
        model: runtime.extractionModel,
        logger: this.logger,
        thresholds: { similarity: this.config.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD },
        findSimilar: async (query, options) =>
          this.search(query, { userId: options.userId, scope: 'all', limit: options.topK }),
      }),
    }));
    // A failed start (e.g. the index could not be built) is retried on the next call.
    this.learnersPromise.catch(() => {
      this.learnersPromise = undefined;
    });
    return this.learnersPromise;
  }

  /** Picks up skills changed by other processes sharing the store. */
  private async sync(): Promise<void> {
    const runtime = await this.runtimePromise;
    const changed = (await runtime.store.refresh?.()) ?? [];
    // No search index yet: when it is built it reads the whole store, these changes included.
    if (changed.length === 0 || !this.retrieverPromise) return;
    await this.reindex(changed);
  }

  private async reindex(ids: string[]): Promise<void> {
    const runtime = await this.runtimePromise;
    const retriever = await this.retriever();
    const present: Skill[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const skill = await runtime.store.get(id);
      if (skill) present.push(skill);
      else gone.push(id);
    }
    if (gone.length) await retriever.remove(gone);
    if (present.length) await retriever.index(present);
  }

  /** Hybrid (vector + BM25) search over the user's skills and/or the shared library. */
  async search(query: string, options: SearchOptions = {}): Promise<SkillHit[]> {
    if (typeof query !== 'string' || query.trim() === '')
      throw new InvalidArgumentError('query', 'must be a non-empty string');
    const { scope, userId, limit, minScore } = this.searchOptions(options);
    const retriever = await this.retriever();
    await this.sync();
    const runtime = await this.runtimePromise;
    // Without a user, "all" can only mean the shared library.
    const effectiveScope = scope === 'all' && userId === undefined ? 'common' : scope;
    const matches = await retriever.search(query, {
      scope: effectiveScope,
      ...(userId === undefined ? {} : { owner: userId }),
      topK: limit,
      minScore,
    });
    const hits: SkillHit[] = [];
    for (const match of matches) {
      const skill = await runtime.store.get(match.id);
      if (!skill) continue;
      hits.push({
        skill,
        score: match.score,
        vectorScore: match.vectorScore,
        keywordScore: match.keywordScore,
      });
    }
    return hits;
  }

  private searchOptions(options: SearchOptions) {
    if (options.scope !== undefined && !SCOPES.has(options.scope)) {
      throw new InvalidArgumentError(
        'scope',
        `must be user, common or all (got ${JSON.stringify(options.scope)})`,
      );
    }
    const scope = (
      (options.scope as string) === 'library' ? 'common' : (options.scope ?? 'all')
    ) as SearchScope;
    const userId = options.userId;
    if (userId !== undefined) assertSafeUserId(userId);
    if (scope === 'user' && userId === undefined)
      throw new InvalidArgumentError('userId', 'is required for scope "user"');
    const limit = options.limit ?? this.config.defaultSearchLimit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidArgumentError('limit', 'must be an integer from 1 to 1000');
    const minScore = options.minScore ?? 0;
    if (typeof minScore !== 'number' || Number.isNaN(minScore) || minScore < 0 || minScore > 1) {
      throw new InvalidArgumentError('minScore', 'must be a number from 0 to 1');
    }
    return { scope, userId, limit, minScore };
  }

  /** Searches and renders the hits into a block to put in the model's context ('' when nothing matches). */
  async renderContext(
    query: string,
    options: SearchOptions & { maxChars?: number } = {},
  ): Promise<string> {
    const hits = await this.search(query, options);
    return renderSkillsContext(
      hits.map((hit) => hit.skill),
      { query, maxChars: options.maxChars ?? this.config.maxContextChars ?? 6000 },
    ).text;
  }

  /**
   * Learns from one interaction: extraction proposes at most one skill, maintenance adds it,
   * merges it into a similar skill of the user (bumping the patch version) or discards it.
   */
  async ingest(input: IngestInput): Promise<IngestResult> {
    if (typeof input !== 'object' || input === null)
      throw new InvalidArgumentError('input', 'must be an object');
    assertSafeUserId(input.userId);
    const messages = input.messages ?? [];
    const events = input.events ?? [];
    if (!Array.isArray(messages) || !Array.isArray(events))
      throw new InvalidArgumentError('messages', 'messages and events must be arrays');
    for (const [index, message] of messages.entries()) {
      if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
        throw new InvalidArgumentError(
          `messages[${index}]`,
          'must be an object with a string "role" and a "content"',
        );
      }
    }
    if (messages.length === 0 && events.length === 0)
      throw new InvalidArgumentError('input', 'give messages or events to learn from');
    if (input.hint !== undefined && typeof input.hint !== 'string')
      throw new InvalidArgumentError('hint', 'must be a string');

    const { extractor, maintainer } = await this.learners();
    const reference = await this.referenceFor(input.userId, messages, input.hint);
    const extraction = await extractor.extract({
      messages,
      events,
      hint: input.hint,
      reference,
      abortSignal: input.abortSignal,
    });
    if (!extraction.candidate) {
      return { added: [], merged: [], discarded: false, reason: extraction.reason, skills: [] };
    }
    const candidate = extraction.candidate;
    // One learner per user at a time: concurrent ingests never create duplicates.
    return this.userLocks.run(input.userId, async () => {
      await this.sync();
      const result = await maintainer.apply(candidate, {
        userId: input.userId,
        abortSignal: input.abortSignal,
      });
      if (result.skill) await this.reindex([result.skill.id]);
      const learned = result.skill ? [summarize(result.skill)] : [];
      return {
        added: result.action === 'add' ? learned : [],
        merged: result.action === 'merge' ? learned : [],
        discarded: result.action === 'discard',
        reason: result.reason,
        skills: result.skill ? [result.skill] : [],
      };
    });
  }

  /** The top-1 hit for the latest user request, used only as extraction's identity context. */
  private async referenceFor(
    userId: string,
    messages: ChatMessage[],
    hint?: string,
  ): Promise<Skill | undefined> {
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    const query = [lastUser ? messageText(lastUser) : '', hint ?? ''].join('\n').trim();
    if (!query) return undefined;
    const [top] = await this.search(query.slice(0, 2000), { userId, scope: 'user', limit: 1 });
    return top && top.score >= (this.config.referenceMinScore ?? DEFAULT_REFERENCE_MIN_SCORE)
      ? top.skill
      : undefined;
  }

  /**
   * Dry run of extraction: what would be learned from these messages, without writing anything.
   */
  async extractCandidate(
    input: IngestInput,
  ): Promise<{ candidate?: SkillCandidate; reason: string; mode: string }> {
    assertSafeUserId(input.userId);
    const { extractor } = await this.learners();
    const reference = await this.referenceFor(input.userId, input.messages ?? [], input.hint);
    return extractor.extract({
      messages: input.messages ?? [],
      events: input.events ?? [],
      hint: input.hint,
      reference,
      abortSignal: input.abortSignal,
    });
  }

  /**
   * Replaces a user skill with an edited SKILL.md (a human edit). The id and owner stay; the
   * version is bumped unless the edit sets a higher one; the previous content stays in history.
   */
  async saveSkillMd(
    id: string,
    markdown: string,
    options: { userId?: string } = {},
  ): Promise<Skill> {
    if (typeof markdown !== 'string' || markdown.trim() === '')
      throw new InvalidArgumentError('skill_md', 'must be a non-empty SKILL.md text');
    if (new TextEncoder().encode(markdown).length > MAX_SKILL_MD_BYTES)
      throw new InvalidArgumentError('skill_md', `is over ${MAX_SKILL_MD_BYTES} bytes`);
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    this.assertCanWrite(skill, options);
    const parsed = normalizeSkillDocument(parseSkillMarkdown(markdown));
    const history = await (await this.runtimePromise).store.history(id);
    const highest = history.reduce(
      (max, entry) => (compareVersions(entry.version, max) > 0 ? entry.version : max),
      skill.version,
    );
    const version =
      compareVersions(parsed.version, highest) > 0 ? parsed.version : bumpPatchVersion(highest);
    const saved = await (await this.runtimePromise).store.put(
      {
        ...parsed,
        id: skill.id,
        version,
        createdAt: skill.createdAt,
        updatedAt: new Date().toISOString(),
        scope: skill.scope,
        owner: skill.owner,
      },
      { expectedRevision: skill.revision, reason: 'edit' },
    );
    await this.reindex([id]);
    return saved;
  }

  /** How many skills in scope have a fresh vector in the current embedding index. */
  async vectorStatus(options: { userId?: string; scope?: SearchScope } = {}): Promise<{
    index: string;
    dimensions: number;
    embeddings: string;
    totalSkills: number;
    indexedSkills: number;
    missingSkills: number;
  }> {
    const skills = await this.list({ ...options, scope: options.scope ?? 'all' });
    const runtime = await this.runtimePromise;
    let indexed = 0;
    for (const skill of skills) if (await runtime.vectorIndex.getHash(skill.id)) indexed++;
    return {
      index: runtime.vectorIndex.name,
      dimensions: runtime.vectorIndex.dimensions,
      embeddings: runtime.chosen.embeddings,
      totalSkills: skills.length,
      indexedSkills: indexed,
      missingSkills: skills.length - indexed,
    };
  }

  /** Re-embeds skills (all, or only missing/stale ones unless `force`). Returns how many were embedded. */
  async rebuildVectors(options: { force?: boolean } = {}): Promise<number> {
    const runtime = await this.ready();
    const skills = await runtime.store.list({ scope: 'all' });
    if (options.force) await runtime.vectorIndex.clear();
    const { embedded } = await (await this.retriever()).index(skills);
    await runtime.vectorIndex.flush?.();
    return embedded;
  }

  /**
   * Learns from past conversations in OpenAI-format JSON/JSONL files (one ingest per
   * conversation, in order). Failures are counted and listed; the run continues.
   */
  async learnFromConversations(options: {
    userId: string;
    file: string;
    hint?: string;
    /** Keep only the last N messages of each conversation (0 = all). */
    maxMessagesPerConversation?: number;
    onProgress?: (progress: {
      done: number;
      total: number;
      ok: boolean;
      learned: LearnedSkill[];
    }) => void;
  }): Promise<{
    totalConversations: number;
    processed: number;
    failed: number;
    added: LearnedSkill[];
    merged: LearnedSkill[];
    errors: Array<{ index: number; error: string }>;
  }> {
    assertSafeUserId(options.userId);
    const limit = options.maxMessagesPerConversation ?? 0;
    if (!Number.isInteger(limit) || limit < 0)
      throw new InvalidArgumentError('maxMessagesPerConversation', 'must be an integer ≥ 0');
    const { conversations, errors } = await readConversationFile(options.file);
    const added = new Map<string, LearnedSkill>();
    const merged = new Map<string, LearnedSkill>();
    let processed = 0;
    let failed = 0;
    for (const [index, conversation] of conversations.entries()) {
      const messages = limit > 0 ? conversation.slice(-limit) : conversation;
      let learned: LearnedSkill[] = [];
      let ok = true;
      try {
        const result = await this.ingest({
          userId: options.userId,
          messages,
          ...(options.hint ? { hint: options.hint } : {}),
        });
        for (const skill of result.added) added.set(skill.id, skill);
        for (const skill of result.merged)
          if (!added.has(skill.id)) merged.set(skill.id, skill);
          else added.set(skill.id, skill);
        learned = [...result.added, ...result.merged];
        processed++;
      } catch (error) {
        ok = false;
        failed++;
        errors.push({
          index: index + 1,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      options.onProgress?.({ done: index + 1, total: conversations.length, ok, learned });
    }
    return {
      totalConversations: conversations.length,
      processed,
      failed,
      added: [...added.values()],
      merged: [...merged.values()],
      errors,
    };
  }

  /** A skill by id (user or library), or undefined. */
  async get(id: string): Promise<Skill | undefined> {
    if (typeof id !== 'string' || id === '')
      throw new InvalidArgumentError('id', 'must be a non-empty string');
    // Reads need the store, not the search index (building it is the slow part of a start).
    await this.sync();
    return (await this.runtimePromise).store.get(id);
  }

  /** Skills of a user (`scope: 'user'`, the default), of the library (`common`) or both (`all`). */
  async list(options: { userId?: string; scope?: SearchScope } = {}): Promise<Skill[]> {
    const scope = (
      (options.scope as string) === 'library'
        ? 'common'
        : (options.scope ?? (options.userId ? 'user' : 'all'))
    ) as SearchScope;
    if (!SCOPES.has(scope)) throw new InvalidArgumentError('scope', 'must be user, common or all');
    if (options.userId !== undefined) assertSafeUserId(options.userId);
    if (scope === 'user' && !options.userId)
      throw new InvalidArgumentError('userId', 'is required for scope "user"');
    const runtime = await this.runtimePromise;
    await this.sync();
    return runtime.store.list({ scope, ...(options.userId ? { owner: options.userId } : {}) });
  }

  /** Deletes a user skill and its history. Library skills are read-only unless `allowLibrary`. */
  async delete(
    id: string,
    options: { userId?: string; allowLibrary?: boolean } = {},
  ): Promise<boolean> {
    const skill = await this.get(id);
    if (!skill) return false;
    this.assertCanWrite(skill, options);
    const runtime = await this.runtimePromise;
    const deleted = await runtime.store.delete(id);
    await this.reindex([id]);
    return deleted;
  }

  private assertCanWrite(skill: Skill, options: { userId?: string; allowLibrary?: boolean }): void {
    if (skill.scope === 'common' && !options.allowLibrary) {
      throw new ReadOnlyError(
        `Skill ${skill.id} belongs to the shared library (${skill.owner}) and is read-only`,
        { skillId: skill.id },
      );
    }
    if (options.userId !== undefined && skill.scope === 'user' && skill.owner !== options.userId) {
      throw new SkillNotFoundError(skill.id);
    }
  }

  /** Every revision of a skill, oldest first; the last one is current. */
  async versions(id: string, options: { userId?: string } = {}): Promise<VersionInfo[]> {
    const skill = await this.get(id);
    if (!skill || (options.userId && skill.scope === 'user' && skill.owner !== options.userId))
      throw new SkillNotFoundError(id);
    const history = await (await this.runtimePromise).store.history(id);
    return history.map((revision) => ({
      ...revision,
      current: revision.revision === skill.revision,
    }));
  }

  /**
   * Restores an earlier revision's content exactly (SKILL.md, resources and version label) as a
   * new revision; the history keeps everything, including the revision rolled away from.
   * Default target: the revision before the current one.
   */
  async rollback(
    id: string,
    options: { userId?: string; toVersion?: string; toRevision?: number } = {},
  ): Promise<Skill> {
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    this.assertCanWrite(skill, options);
    const runtime = await this.runtimePromise;
    const history = await runtime.store.history(id);
    let target: SkillRevision | undefined;
    if (options.toRevision !== undefined)
      target = history.find((entry) => entry.revision === options.toRevision);
    else if (options.toVersion !== undefined) {
      const wanted = options.toVersion.replace(/^v/, '');
      target = [...history]
        .reverse()
        .find((entry) => entry.version === wanted && entry.revision !== skill.revision);
    } else target = [...history].reverse().find((entry) => entry.revision < skill.revision);
    if (!target) {
      const what = options.toVersion ?? options.toRevision ?? 'an earlier version';
      throw new InvalidArgumentError(
        'version',
        `skill ${id} has no revision ${JSON.stringify(what)} to roll back to`,
      );
    }
    const old = await runtime.store.getRevision(id, target.revision);
    if (!old)
      throw new InvalidArgumentError(
        'version',
        `revision ${target.revision} of ${id} is missing from the history`,
      );
    const oldFiles = await runtime.store.readFiles(id, { revision: target.revision });
    const { scope, owner, files: _files, revision: _revision, ...document } = old;
    let restored: Skill | undefined;
    // A background merge may land between reading and writing: retry on CONFLICT with the new revision.
    for (let attempt = 0, expected = skill.revision; !restored; attempt++) {
      try {
        restored = await runtime.store.put(
          { ...document, scope, owner },
          {
            expectedRevision: expected,
            reason: 'rollback',
            restoredFrom: target.revision,
            ...(oldFiles
              ? { files: oldFiles.filter((file) => file.path !== 'SKILL.md'), replaceFiles: true }
              : {}),
          },
        );
      } catch (error) {
        const current =
          AutoSkillError.hasCode(error, 'CONFLICT') && attempt < 3
            ? await runtime.store.get(id)
            : undefined;
        if (!current) throw error;
        expected = current.revision;
      }
    }
    await this.reindex([id]);
    return restored;
  }

  /** Imports Agent Skill folders (`**\/SKILL.md` with their resources) into the store. */
  async importAgentSkillDirs(options: ImportOptions): Promise<ImportResult> {
    const runtime = await this.ready();
    const retriever = await this.retriever();
    const result = await importAgentSkillDirs(
      runtime.store,
      {
        ...options,
        onWritten: async (skills) => {
          await retriever.index(skills);
          await options.onWritten?.(skills);
        },
      },
      this.logger,
    );
    await runtime.vectorIndex.flush?.();
    return result;
  }

  /**
   * Adds skill documents you already hold (e.g. parsed SKILL.md files) in one batch. Ids are kept
   * when they are UUIDs not used elsewhere, otherwise new ones are assigned.
   */
  async addSkills(
    documents: SkillDocument[],
    options: { scope: SkillScope; owner: string },
  ): Promise<Skill[]> {
    if (!Array.isArray(documents))
      throw new InvalidArgumentError('documents', 'must be an array of skill documents');
    if (options.scope === 'user') assertSafeUserId(options.owner);
    else if (options.scope === 'common') assertSafeLibraryName(options.owner);
    else throw new InvalidArgumentError('scope', 'must be "user" or "common"');
    const runtime = await this.ready();
    const items = documents.map((document) => {
      const normalized = normalizeSkillDocument(document);
      return {
        input: {
          ...normalized,
          id: isUuid(normalized.id) ? normalized.id : createSkillId(),
          scope: options.scope,
          owner: options.owner,
        },
        options: { reason: 'import' },
      };
    });
    const store = runtime.store as SkillStore & {
      putMany?: (
        items: unknown[],
        options?: { sync?: boolean },
      ) => Promise<Array<{ skill: Skill } | { error: Error }>>;
    };
    const added: Skill[] = [];
    if (store.putMany) {
      for (const outcome of await store.putMany(items, { sync: false })) {
        if ('error' in outcome) throw outcome.error;
        added.push(outcome.skill);
      }
    } else {
      for (const item of items) added.push(await store.put(item.input, item.options));
    }
    await (await this.retriever()).index(added);
    await runtime.vectorIndex.flush?.();
    return added;
  }

  /** The SKILL.md text of a skill. */
  async exportSkillMd(id: string): Promise<string> {
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    const files = await (await this.runtimePromise).store.readFiles(id);
    const markdown = files?.find((file) => file.path === 'SKILL.md')?.content;
    if (markdown === undefined) return renderSkillMarkdown(skill);
    return typeof markdown === 'string' ? markdown : new TextDecoder().decode(markdown);
  }

  /** All files of a skill folder (SKILL.md + resources), keyed by relative path. */
  async exportSkillDir(id: string): Promise<Record<string, Uint8Array>> {
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    return exportSkillDir((await this.runtimePromise).store, id);
  }

  /** Writes one skill as an Agent Skill folder `rootDir/<name>/`; returns the folder. */
  async writeSkillDir(id: string, options: { rootDir: string }): Promise<string> {
    const skill = await this.get(id);
    if (!skill) throw new SkillNotFoundError(id);
    const [folder] = await writeSkillDirs(
      (await this.runtimePromise).store,
      [skill],
      options.rootDir,
    );
    return folder as string;
  }

  /** Writes a user's skills as Agent Skill folders under `rootDir/<name>/`; returns the folders written. */
  async writeSkillDirs(options: { userId: string; rootDir: string }): Promise<string[]> {
    const skills = await this.list({ userId: options.userId, scope: 'user' });
    return writeSkillDirs((await this.runtimePromise).store, skills, options.rootDir);
  }

  /**
   * Re-reads the store from disk (hand-edited SKILL.md files included), gives every SKILL.md
   * without an id a new one (written back) and reports unreadable files.
   */
  async normalizeIds(): Promise<{
    skills: number;
    assigned: Array<{ id: string; path: string }>;
    errors: Array<{ path: string; reason: string }>;
  }> {
    const runtime = await this.ready();
    const store = runtime.store as SkillStoreWithMaintenance;
    const report = store.rescan ? await store.rescan() : undefined;
    const skills = await runtime.store.list({ scope: 'all' });
    await this.reindex(skills.map((skill) => skill.id));
    return {
      skills: skills.length,
      assigned: report?.assignedIds ?? store.assignedIds ?? [],
      errors: (store.loadErrors ?? []).map((entry) => ({
        path: entry.path,
        reason: entry.reason ?? entry.message ?? 'unreadable',
      })),
    };
  }

  /** Flushes indexes and releases files. */
  async close(): Promise<void> {
    await this.learning.idle();
    const runtime = await this.runtimePromise.catch(() => undefined);
    if (!runtime) return;
    await runtime.vectorIndex.flush?.();
    await runtime.vectorIndex.close?.();
    await runtime.store.close?.();
  }
}

interface SkillStoreWithMaintenance {
  rescan?: () => Promise<{ assignedIds?: Array<{ id: string; path: string }> } | undefined>;
  assignedIds?: Array<{ id: string; path: string }>;
  loadErrors?: Array<{ path: string; reason?: string; message?: string }>;
}

export function summarize(skill: Skill): LearnedSkill {
  return { id: skill.id, name: skill.name, title: skill.title, version: skill.version };
}
