import {
  appliesToEveryAnswer,
  createSkillRetriever,
  isEmbeddingDisabled,
  type SearchScope,
  type Skill,
  type SkillHit,
  type SkillRetriever,
  type SkillRetrieverSnapshot,
} from '@autoskill/core';
import type { Runtime } from './create-runtime';
import { RateLimitedWarning } from './learning/rate-limited-warning';
import type { Logger } from './logger';
import { readSearchIndexFile, searchIndexPath, writeSearchIndexFile } from './search-index-file';
import type { VectorStatus } from './types';

/**
 * The search side of an AutoSkill client: the hybrid retriever over the store's skills, built
 * once on first use and kept in sync with writes of this process (`reindex`) and of other
 * processes (`sync`, via `store.refresh`). With a store that has `contentTags` and a directory,
 * the keyword index is saved in `.autoskill/search-index.bin` when it is built and restored at
 * the next start: only skills whose tag changed since (writes of any process, hand edits) or that
 * lack a vector are read and indexed again. Deletions save it at once, so a deleted skill's words
 * do not linger on disk (docs/decisions/2026-12-02-saved-search-index.md).
 */
export class SkillSearchIndex {
  private retrieverPromise: Promise<SkillRetriever> | undefined;
  /** Ids of standing preferences (applied to every answer), by owning user. */
  private readonly standingByUser = new Map<string, Set<string>>();
  /** A failing embedding vendor is reported once (per 10 minutes), not on every search. */
  private readonly embeddingFailures: RateLimitedWarning;
  /**
   * Content tag of each skill as indexed, when known (from the store when the index was built);
   * skills indexed later have none, so the next start indexes them again.
   */
  private readonly indexedTags = new Map<string, string>();
  /** True when the index is saved with the store (a local store with content tags). */
  private persistent = false;
  private saving: Promise<void> = Promise.resolve();
  /** The store's background check and the re-indexing of what it found (see `followStoreCheck`). */
  private following: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: Promise<Runtime>,
    private readonly logger: Logger,
  ) {
    this.embeddingFailures = new RateLimitedWarning(logger, 600_000);
  }

  /** The retriever, built from the whole store on first call; a failed build is retried next time. */
  retriever(): Promise<SkillRetriever> {
    if (!this.retrieverPromise) {
      this.retrieverPromise = this.build();
      this.retrieverPromise.catch(() => {
        this.retrieverPromise = undefined;
      });
    }
    return this.retrieverPromise;
  }

  private async build(): Promise<SkillRetriever> {
    const { store, vectorIndex, embeddingModel, storeDirectory } = await this.runtime;
    const path = storeDirectory && store.contentTags ? searchIndexPath(storeDirectory) : undefined;
    // Tags first: a skill written meanwhile is indexed newer than its tag says, so it is merely
    // indexed again next time, never kept stale.
    const tags = path ? await store.contentTags?.() : undefined;
    this.persistent = tags !== undefined;
    const restored = path && tags ? await this.restore(path, tags) : undefined;
    if (restored) {
      this.followStoreCheck();
      return restored;
    }
    const retriever = this.newRetriever(embeddingModel, vectorIndex);
    const skills = await store.list({ scope: 'all' });
    const state = vectorIndex.openState;
    if (state && state !== 'loaded' && skills.length > 0) {
      this.logger.info(
        `vector index ${vectorIndex.name}: ${vectorIndex.rebuildReason ?? state}; rebuilding it from ${skills.length} SKILL.md file(s)`,
      );
    }
    await retriever.index(skills);
    await vectorIndex.flush?.();
    this.noteStanding(skills);
    if (path && tags) {
      for (const skill of skills) this.indexedTags.set(skill.id, tags.get(skill.id) ?? '');
      await this.save(retriever);
    }
    return retriever;
  }

  /**
   * A large store opens from its catalog and checks its files in the background: that check
   * starts now (the index is ready, the first search no longer waits) and what it finds changed
   * on disk (hand edits made while no process had the store open) is indexed again.
   */
  private followStoreCheck(): void {
    this.following = this.runtime.then(async ({ store }) => {
      try {
        const changed = (await store.validated?.()) ?? [];
        if (changed.length > 0) await this.reindex(changed);
      } catch (error) {
        this.logger.warn(`could not index what the store's check found: ${String(error)}`);
      }
    });
  }

  /** Waits for the store's background check to be indexed (before the vector index closes). */
  async settle(): Promise<void> {
    await this.following;
  }

  /** A retriever that ranks by keywords when the embedding vendor fails, with one warning. */
  private newRetriever(
    embeddingModel: Runtime['embeddingModel'],
    vectorIndex: Runtime['vectorIndex'],
    snapshot?: SkillRetrieverSnapshot,
  ): SkillRetriever {
    return createSkillRetriever({
      embeddingModel,
      vectorIndex,
      ...(snapshot ? { snapshot } : {}),
      onEmbeddingFailure: (error) =>
        this.embeddingFailures.warn(
          (count) =>
            `embeddings ${embeddingModel.provider}:${embeddingModel.modelId} failed${count > 1 ? ` ${count} times` : ''} (${(error as Error).message}); searching by keywords only`,
        ),
    });
  }

  /**
   * The retriever from the saved file, brought up to date with the store: skills whose tag
   * differs or that have no vector are read and indexed, vanished ones removed. Undefined when
   * there is no usable file.
   */
  private async restore(
    path: string,
    tags: Map<string, string>,
  ): Promise<SkillRetriever | undefined> {
    const { store, vectorIndex, embeddingModel } = await this.runtime;
    const saved = await readSearchIndexFile(path, vectorIndex.name);
    if (!saved) return undefined;
    shareIds(saved.retriever);
    let retriever: SkillRetriever;
    try {
      retriever = this.newRetriever(embeddingModel, vectorIndex, saved.retriever);
    } catch (error) {
      this.logger.warn(`search index ${path} is unusable (${String(error)}); rebuilding it`);
      return undefined;
    }
    const checkVectors = !isEmbeddingDisabled(embeddingModel);
    const state = vectorIndex.openState;
    if (checkVectors && state && state !== 'loaded' && tags.size > 0) {
      this.logger.info(
        `vector index ${vectorIndex.name}: ${vectorIndex.rebuildReason ?? state}; rebuilding it from ${tags.size} SKILL.md file(s)`,
      );
    }
    const changed: string[] = [];
    for (const [id, tag] of tags) {
      if (saved.tags.get(id) !== tag || !retriever.has(id)) changed.push(id);
      else if (checkVectors && !(await vectorIndex.getHash(id))) changed.push(id);
    }
    const gone = [...retriever.ids()].filter((id) => !tags.has(id));
    if (gone.length > 0) await retriever.remove(gone);
    for (const { owner, id } of saved.standing)
      if (tags.has(id)) this.noteStandingId(owner, id, true);
    const present: Skill[] = [];
    for (const id of changed) {
      const skill = await store.get(id);
      if (skill) present.push(skill);
    }
    if (present.length > 0) await retriever.index(present);
    await vectorIndex.flush?.();
    this.noteStanding(present);
    for (const [id, tag] of tags) this.indexedTags.set(id, tag);
    if (changed.length > 0 || gone.length > 0) await this.save(retriever);
    return retriever;
  }

  /** Writes the saved index now (a failure only costs a slower next start: logged, not thrown). */
  private async save(retriever: SkillRetriever): Promise<void> {
    const { storeDirectory, vectorIndex } = await this.runtime;
    const snapshot = retriever.snapshot();
    if (!storeDirectory || !snapshot) return;
    const tags = new Map<string, string>();
    for (const id of snapshot.ids) tags.set(id, this.indexedTags.get(id) ?? '');
    const standing = [...this.standingByUser].flatMap(([owner, ids]) =>
      [...ids].map((id) => ({ owner, id })),
    );
    const write = this.saving.then(() =>
      writeSearchIndexFile(searchIndexPath(storeDirectory), vectorIndex.name, {
        retriever: snapshot,
        tags,
        standing,
      }).catch((error: unknown) => {
        this.logger.warn(`could not save the search index: ${String(error)}`);
      }),
    );
    this.saving = write;
    await write;
  }

  /** Keeps `standingByUser` in step with these (new or changed) user skills. */
  private noteStanding(skills: Skill[]): void {
    for (const skill of skills) {
      if (skill.scope !== 'user') continue;
      this.noteStandingId(skill.owner, skill.id, appliesToEveryAnswer(skill));
    }
  }

  private noteStandingId(owner: string, id: string, standing: boolean): void {
    const ids = this.standingByUser.get(owner);
    if (!standing) ids?.delete(id);
    else if (ids) ids.add(id);
    else this.standingByUser.set(owner, new Set([id]));
  }

  /**
   * The user's standing preferences, oldest first (checked against the store). Changes of other
   * processes are picked up by `search`'s sync: a turn searches first, then asks for these.
   */
  async standingPreferences(userId: string): Promise<Skill[]> {
    await this.retriever();
    const ids = this.standingByUser.get(userId);
    if (!ids?.size) return [];
    const { store } = await this.runtime;
    const skills: Skill[] = [];
    for (const id of ids) {
      const skill = await store.get(id);
      if (skill && skill.owner === userId && appliesToEveryAnswer(skill)) skills.push(skill);
    }
    return skills.sort((left, right) =>
      (left.createdAt ?? '').localeCompare(right.createdAt ?? ''),
    );
  }

  /** Picks up skills changed by other processes sharing the store. */
  async sync(): Promise<void> {
    const { store } = await this.runtime;
    const changed = (await store.refresh?.()) ?? [];
    // No index yet: when it is built it reads the whole store, these changes included.
    if (changed.length === 0 || !this.retrieverPromise) return;
    await this.reindex(changed);
  }

  /** Re-reads these skills from the store into the index (gone ones are removed). */
  async reindex(ids: string[]): Promise<void> {
    const { store } = await this.runtime;
    const retriever = await this.retriever();
    const present: Skill[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const skill = await store.get(id);
      if (skill) present.push(skill);
      else gone.push(id);
    }
    if (gone.length) await retriever.remove(gone);
    if (present.length) await retriever.index(present);
    for (const ids of this.standingByUser.values()) for (const id of gone) ids.delete(id);
    this.noteStanding(present);
    for (const id of [...gone, ...present.map((skill) => skill.id)]) this.indexedTags.delete(id);
    // A deleted skill's words must not stay in the saved index.
    if (gone.length > 0 && this.persistent) await this.save(retriever);
  }

  /**
   * Indexes freshly written skills; with `flush` (default) their vectors are made durable now,
   * otherwise by a later `flush()` (bulk imports flush once at the end).
   */
  async add(skills: Skill[], options: { flush?: boolean } = {}): Promise<number> {
    const { embedded } = await (await this.retriever()).index(skills);
    this.noteStanding(skills);
    for (const skill of skills) this.indexedTags.delete(skill.id);
    if (options.flush !== false) await this.flush();
    return embedded;
  }

  /** Makes indexed vectors durable. */
  async flush(): Promise<void> {
    await (await this.runtime).vectorIndex.flush?.();
  }

  /** Ranked hits with their skills (checked against the store, so a deleted skill never shows). */
  async search(
    query: string,
    options: { scope: SearchScope; owner: string | undefined; limit: number; minScore: number },
  ): Promise<SkillHit[]> {
    const retriever = await this.retriever();
    await this.sync();
    const { store } = await this.runtime;
    const matches = await retriever.search(query, {
      scope: options.scope,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      topK: options.limit,
      minScore: options.minScore,
    });
    const hits: SkillHit[] = [];
    for (const match of matches) {
      const skill = await store.get(match.id);
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

  /** How many of `skills` have a stored vector in the current embedding index. */
  async vectorStatus(skills: Skill[]): Promise<VectorStatus> {
    const { vectorIndex, chosen } = await this.runtime;
    let indexed = 0;
    for (const skill of skills) if (await vectorIndex.getHash(skill.id)) indexed++;
    return {
      index: vectorIndex.name,
      dimensions: vectorIndex.dimensions,
      embeddings: chosen.embeddings,
      totalSkills: skills.length,
      indexedSkills: indexed,
      missingSkills: skills.length - indexed,
    };
  }

  /** Re-embeds every skill that is missing or stale (all of them with `force`). */
  async rebuildVectors(options: { force?: boolean }): Promise<number> {
    const { store, vectorIndex } = await this.runtime;
    const retriever = await this.retriever();
    const skills = await store.list({ scope: 'all' });
    if (options.force) await vectorIndex.clear();
    const { embedded } = await retriever.index(skills);
    this.noteStanding(skills);
    await vectorIndex.flush?.();
    return embedded;
  }
}

/**
 * The keyword columns' ids are the retriever's, in the same order, but read from the file they
 * are a second copy of every id string (~55 bytes per skill, kept as long as the index lives):
 * share one. A string comparison per id, no hashing (a map of all ids cost more than it saved).
 */
function shareIds(snapshot: SkillRetrieverSnapshot): void {
  const { ids } = snapshot;
  const keywordIds = snapshot.keyword?.ids;
  if (!Array.isArray(ids) || !Array.isArray(keywordIds)) return;
  for (let at = 0; at < keywordIds.length && at < ids.length; at++)
    if (keywordIds[at] === ids[at]) keywordIds[at] = ids[at] as string;
}
