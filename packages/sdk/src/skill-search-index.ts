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
import {
  readSearchIndexFile,
  savedSearchIndexOf,
  searchIndexPath,
  writeSearchIndexFile,
} from './search-index-file';
import { readTypedBlockFile } from './typed-block-file';
import type { VectorStatus } from './types';

/** How long after the first answer the follow-up work of a restored index starts. */
const FOLLOW_UP_DELAY_MS = 200;

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
  private indexedTags = new Map<string, string>();
  /** True when the index is saved with the store (a local store with content tags). */
  private persistent = false;
  private saving: Promise<void> = Promise.resolve();
  /** The store's background check and the re-indexing of what it found (see `followStoreCheck`). */
  private following: Promise<void> = Promise.resolve();
  /** Set when the index was restored: the store's check is followed after the first search. */
  private checkToFollow = false;
  /** Restored skills whose vectors are checked after the first search (see `restore`). */
  private vectorsToCheck: string[] | undefined;
  private isClosing = false;
  /** Resolved by `settle()`: closing does not wait for a check that is still running. */
  private stopFollowing: () => void = () => {};
  private readonly closing = new Promise<undefined>((resolve) => {
    this.stopFollowing = () => resolve(undefined);
  });

  constructor(
    private readonly runtime: Promise<Runtime>,
    private readonly logger: Logger,
    /** Where the saved index is, when known before the runtime opens (read meanwhile). */
    private readonly storeDirectory?: string,
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
    // The saved file (~1.4 KB per skill) is read while the store and the vector index open. It
    // is older than the tags taken below, so a skill written meanwhile is only indexed again.
    const early = this.storeDirectory
      ? readTypedBlockFile(searchIndexPath(this.storeDirectory)).catch(() => undefined)
      : undefined;
    const { store, vectorIndex, embeddingModel, storeDirectory } = await this.runtime;
    const path = storeDirectory && store.contentTags ? searchIndexPath(storeDirectory) : undefined;
    // Tags first: a skill written meanwhile is indexed newer than its tag says, so it is merely
    // indexed again next time, never kept stale.
    const tags = path ? await store.contentTags?.() : undefined;
    this.persistent = tags !== undefined;
    const restored =
      path && tags
        ? await this.restore(path, tags, storeDirectory === this.storeDirectory ? early : undefined)
        : undefined;
    if (restored) {
      this.checkToFollow = true;
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
      // Only skills this build read: one written meanwhile is indexed again next time.
      for (const skill of skills) this.indexedTags.set(skill.id, tags.get(skill.id) ?? '');
      await this.save(retriever);
    }
    return retriever;
  }

  /**
   * After the first answer of a restored index (so they do not share the CPU with it): skills
   * left without a vector are embedded, and the store's background check (a large store opens
   * from its catalog) starts; what it finds changed on disk (hand edits made while no process
   * had the store open) is indexed again.
   */
  private followStoreCheck(): void {
    if (!this.checkToFollow) return;
    this.checkToFollow = false;
    const vectorsToCheck = this.vectorsToCheck ?? [];
    this.vectorsToCheck = undefined;
    // A moment later: a one-shot command that closes right after its answer never starts them.
    const later = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), FOLLOW_UP_DELAY_MS);
      timer.unref();
      void this.closing.then(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    this.following = this.runtime.then(async ({ store, vectorIndex }) => {
      if (!(await later)) return;
      try {
        const hashes = await vectorHashes(vectorIndex, vectorsToCheck);
        const missing = vectorsToCheck.filter((_, at) => !hashes[at]);
        if (missing.length > 0 && !this.isClosing) await this.reindex(missing);
        // A client closing before the check ends does not wait for it: the store stops it at
        // close, and what it would have found is found (and re-indexed) by the next open.
        const changed = (await Promise.race([store.validated?.(), this.closing])) ?? [];
        if (changed.length > 0) await this.reindex(changed);
      } catch (error) {
        this.logger.warn(`could not index what the store's check found: ${String(error)}`);
      }
    });
  }

  /**
   * Closing: stops waiting for the store's background check, and waits for a re-indexing of
   * what it found that has already begun (before the vector index closes).
   */
  async settle(): Promise<void> {
    this.isClosing = true;
    this.stopFollowing();
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
    early: Promise<unknown> | undefined,
  ): Promise<SkillRetriever | undefined> {
    const { store, vectorIndex, embeddingModel } = await this.runtime;
    const saved = early
      ? savedSearchIndexOf(await early, vectorIndex.name)
      : await readSearchIndexFile(path, vectorIndex.name);
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
    // By position in the saved ids (no map of every id): what was saved with the store's tag
    // is kept, everything else the store has is indexed again.
    // The retriever holds exactly the saved ids: those the store no longer has are gone.
    const changed: string[] = [];
    const kept: string[] = [];
    const gone: string[] = [];
    const savedIds = saved.retriever.ids;
    for (let at = 0; at < savedIds.length; at++) {
      const id = savedIds[at] as string;
      const tag = tags.get(id);
      if (tag === undefined) gone.push(id);
      else if (tag === saved.tags[at]) kept.push(id);
    }
    if (kept.length < tags.size) {
      const unchanged = new Set(kept);
      for (const id of tags.keys()) if (!unchanged.has(id)) changed.push(id);
    }
    if (checkVectors && state && state !== 'loaded') for (const id of kept) changed.push(id);
    // Skills a failed embedding call left without a vector are embedded after the first answer
    // (they rank by keywords until then, as they did before): no lookup of every id first.
    else if (checkVectors) this.vectorsToCheck = kept;
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
    // A new map on every call (`contentTags`): it becomes the record of what is indexed.
    this.indexedTags = tags;
    if (changed.length > 0 || gone.length > 0) await this.save(retriever);
    return retriever;
  }

  /** Writes the saved index now (a failure only costs a slower next start: logged, not thrown). */
  private async save(retriever: SkillRetriever): Promise<void> {
    const { storeDirectory, vectorIndex } = await this.runtime;
    const snapshot = retriever.snapshot();
    if (!storeDirectory || !snapshot) return;
    const tags = snapshot.ids.map((id) => this.indexedTags.get(id) ?? '');
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
    this.followStoreCheck();
    return hits;
  }

  /** How many of `skills` have a stored vector in the current embedding index. */
  async vectorStatus(skills: Skill[]): Promise<VectorStatus> {
    const { vectorIndex, chosen } = await this.runtime;
    const hashes = await vectorHashes(
      vectorIndex,
      skills.map((skill) => skill.id),
    );
    const indexed = hashes.filter(Boolean).length;
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

/** Every id's vector hash: in one call when the index can, otherwise one call per id. */
async function vectorHashes(
  vectorIndex: Runtime['vectorIndex'],
  ids: readonly string[],
): Promise<(string | undefined)[]> {
  if (vectorIndex.getHashes) return vectorIndex.getHashes(ids);
  const hashes: (string | undefined)[] = [];
  for (const id of ids) hashes.push(await vectorIndex.getHash(id));
  return hashes;
}
