import {
  appliesToEveryAnswer,
  createSkillRetriever,
  type SearchScope,
  type Skill,
  type SkillHit,
  type SkillRetriever,
} from '@autoskill/core';
import type { Runtime } from './create-runtime';
import { RateLimitedWarning } from './learning/rate-limited-warning';
import type { Logger } from './logger';
import type { VectorStatus } from './types';

/**
 * The search side of an AutoSkill client: the hybrid retriever over the store's skills, built
 * once on first use (reading every skill and re-embedding missing vectors) and kept in sync with
 * writes of this process (`reindex`) and of other processes (`sync`, via `store.refresh`).
 */
export class SkillSearchIndex {
  private retrieverPromise: Promise<SkillRetriever> | undefined;
  /** Ids of standing preferences (applied to every answer), by owning user. */
  private readonly standingByUser = new Map<string, Set<string>>();
  /** A failing embedding vendor is reported once (per 10 minutes), not on every search. */
  private readonly embeddingFailures: RateLimitedWarning;

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
    const { store, vectorIndex, embeddingModel } = await this.runtime;
    const retriever = createSkillRetriever({
      embeddingModel,
      vectorIndex,
      onEmbeddingFailure: (error) =>
        this.embeddingFailures.warn(
          (count) =>
            `embeddings ${embeddingModel.provider}:${embeddingModel.modelId} failed${count > 1 ? ` ${count} times` : ''} (${(error as Error).message}); searching by keywords only`,
        ),
    });
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
    return retriever;
  }

  /** Keeps `standingByUser` in step with these (new or changed) user skills. */
  private noteStanding(skills: Skill[]): void {
    for (const skill of skills) {
      if (skill.scope !== 'user') continue;
      const ids = this.standingByUser.get(skill.owner);
      if (!appliesToEveryAnswer(skill)) ids?.delete(skill.id);
      else if (ids) ids.add(skill.id);
      else this.standingByUser.set(skill.owner, new Set([skill.id]));
    }
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
  }

  /**
   * Indexes freshly written skills; with `flush` (default) their vectors are made durable now,
   * otherwise by a later `flush()` (bulk imports flush once at the end).
   */
  async add(skills: Skill[], options: { flush?: boolean } = {}): Promise<number> {
    const { embedded } = await (await this.retriever()).index(skills);
    this.noteStanding(skills);
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
