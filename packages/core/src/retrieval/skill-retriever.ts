import { embedMany } from '../embeddings/embed-many';
import { isEmbeddingDisabled } from '../embeddings/no-embedding-model';
import { AbortedError, InvalidArgumentError } from '../errors/errors';
import type { SearchScope, SkillScope } from '../skill/skill';
import type { EmbeddingModel } from '../spec/embedding-model';
import type { VectorIndex } from '../spec/vector-index';
import { contentHash } from './content-hash';
import { createKeywordIndex, type KeywordIndex } from './keyword-index';
import { phraseBigrams, phraseOverlap } from './phrase-overlap';
import {
  buildRetrieverSnapshot,
  phrasesOf,
  restoreLocations,
  type SkillLocation,
  type SkillRetrieverSnapshot,
} from './skill-retriever-snapshot';
import {
  type SkillSearchInput,
  skillEmbeddingText,
  skillSearchFields,
} from './skill-search-fields';

/**
 * Blend weights of the hybrid score, normalised to sum 1:
 * `score = vector·vectorScore + keyword·keywordScore + phrase·phraseScore`, where `phraseScore`
 * is the share of the query's word bigrams found in the skill's name, title, description or tags.
 */
export interface RetrievalWeights {
  vector: number;
  keyword: number;
  /** Weight of the word-bigram (phrase) overlap. Default 0.1 (before normalisation). */
  phrase?: number;
}

/** Default blend, tuned on the dev sets (docs/decisions/2026-11-25-hybrid-ranking.md). */
export const DEFAULT_RETRIEVAL_WEIGHTS: Readonly<Required<RetrievalWeights>> = Object.freeze({
  vector: 0.2,
  keyword: 0.8,
  phrase: 0.1,
});

/** A skill as the retriever needs it: search text plus where it lives. */
export type RetrievableSkill = SkillSearchInput & { id: string; scope: SkillScope; owner: string };

export interface SkillRetrieverOptions {
  embeddingModel: EmbeddingModel;
  /** Holds skill vectors (with content hashes). Unused when embeddings are disabled. */
  vectorIndex?: VectorIndex;
  /** Default: `createKeywordIndex()`. */
  keywordIndex?: KeywordIndex;
  /** Default `DEFAULT_RETRIEVAL_WEIGHTS`. Normalised to sum 1. */
  weights?: Partial<RetrievalWeights>;
  /** The text embedded per skill. Default `skillEmbeddingText`. */
  embeddingText?: (skill: SkillSearchInput) => string;
  /**
   * Starts from a saved `snapshot()` (keyword index and skill places; not with `keywordIndex`).
   * Vectors are not part of it: they are in `vectorIndex` already.
   */
  snapshot?: SkillRetrieverSnapshot;
  /**
   * Called when the embedding model fails (not on abort). Retrieval goes on by keywords: a failed
   * `index` keeps the skills' vectors stale (re-embedded by a later `index`), a failed `search`
   * ranks by keywords. Default: silent.
   */
  onEmbeddingFailure?: (error: unknown, during: 'index' | 'search') => void;
}

export interface SkillRetrieverIndexOptions {
  abortSignal?: AbortSignal;
}

export interface SkillRetrieverIndexResult {
  /** Skills now known to the retriever from this call. */
  indexed: number;
  /** Skills whose vector was (re)computed; the others were fresh. */
  embedded: number;
}

export interface SkillRetrieverSearchOptions {
  /** `user`: the owner's skills; `common`: library skills; `all`: both, ranked together. */
  scope: SearchScope;
  /** The user id; required for `user` and `all`. */
  owner?: string;
  /** Default 5. */
  topK?: number;
  /** Hits scoring below are dropped. Default 0. */
  minScore?: number;
  abortSignal?: AbortSignal;
}

/** One ranked skill. All scores are in [0, 1]. */
export interface SkillRetrievalHit {
  id: string;
  score: number;
  /** Cosine similarity clipped to [0, 1]; undefined when embeddings are disabled or unavailable. */
  vectorScore: number | undefined;
  keywordScore: number;
}

export interface SkillRetriever {
  /** Adds or refreshes skills; only skills whose text changed are re-embedded (batched). */
  index(
    skills: RetrievableSkill[],
    options?: SkillRetrieverIndexOptions,
  ): Promise<SkillRetrieverIndexResult>;
  /** Forgets skills (keyword index, vector index and scope metadata). */
  remove(ids: string[]): Promise<void>;
  /** Ranks the skills visible in a scope for a query. Embeds the query at most once. */
  search(query: string, options: SkillRetrieverSearchOptions): Promise<SkillRetrievalHit[]>;
  has(id: string): boolean;
  readonly size: number;
  /** Ids of every indexed skill. */
  ids(): IterableIterator<string>;
  /**
   * The keyword index and skill places as plain columns, to save and pass back as
   * `createSkillRetriever({ snapshot })`; undefined when the keyword index cannot snapshot.
   */
  snapshot(): SkillRetrieverSnapshot | undefined;
}

/** How many candidates each side contributes before blending, per requested hit. */
const CANDIDATE_FACTOR = 4;
const MIN_CANDIDATES = 32;

/**
 * The hybrid skill retriever: BM25F keyword search plus vector search plus a small word-bigram
 * (phrase) bonus, blended as a weighted sum of scores that are each in [0, 1] and independent of
 * the candidate set. Candidates are the union of both sides' top lists; each candidate gets its
 * exact score on the other side. With a disabled embedding model (`createNoEmbeddingModel()`) or
 * no vector index it ranks by keywords only (score = keyword score).
 */
export function createSkillRetriever(options: SkillRetrieverOptions): SkillRetriever {
  if (!options?.embeddingModel) throw new InvalidArgumentError('embeddingModel', 'is required');
  const model = options.embeddingModel;
  const vectorIndex = options.vectorIndex;
  const useVectors = !isEmbeddingDisabled(model) && vectorIndex !== undefined;
  if (useVectors && model.dimensions !== undefined && vectorIndex.dimensions !== model.dimensions) {
    throw new InvalidArgumentError(
      'vectorIndex',
      `has ${vectorIndex.dimensions} dimensions but ${model.provider}/${model.modelId} produces ${model.dimensions}`,
    );
  }
  const weights = normaliseWeights(options.weights);
  if (options.snapshot && options.keywordIndex)
    throw new InvalidArgumentError('snapshot', 'cannot be combined with keywordIndex');
  const keywordIndex =
    options.keywordIndex ??
    createKeywordIndex(options.snapshot ? { snapshot: options.snapshot.keyword } : {});
  const locations = options.snapshot
    ? restoreLocations(options.snapshot)
    : new Map<string, SkillLocation>();
  const embeddingText =
    options.embeddingText ?? ((skill: SkillSearchInput) => skillEmbeddingText(skill));

  async function index(skills: RetrievableSkill[], indexOptions: SkillRetrieverIndexOptions = {}) {
    if (!Array.isArray(skills))
      throw new InvalidArgumentError('skills', 'expected an array of skills');
    skills.forEach(validateSkill);
    const stale: { id: string; text: string; hash: string }[] = [];
    for (const skill of skills) {
      const fields = skillSearchFields(skill);
      const keywordHash = contentHash(JSON.stringify(fields));
      const known = locations.get(skill.id);
      const fresh = known?.keywordHash === keywordHash && keywordIndex.has(skill.id);
      if (!fresh) keywordIndex.upsert(skill.id, { ...fields });
      const phrases =
        fresh && known
          ? known.phrases
          : phraseBigrams([fields.name, fields.title, fields.description, fields.tags].join('\n'));
      locations.set(skill.id, { scope: skill.scope, owner: skill.owner, keywordHash, phrases });
      if (useVectors) {
        const text = embeddingText(skill);
        const hash = contentHash(text);
        if ((await vectorIndex.getHash(skill.id)) !== hash)
          stale.push({ id: skill.id, text, hash });
      }
    }
    if (stale.length > 0 && vectorIndex) {
      let vectors: Float32Array[];
      try {
        vectors = await embedMany(
          model,
          stale.map((entry) => entry.text),
          { abortSignal: indexOptions.abortSignal },
        );
      } catch (error) {
        // The keyword side is indexed; the vectors stay stale and are tried again next time.
        if (error instanceof AbortedError || !options.onEmbeddingFailure) throw error;
        options.onEmbeddingFailure(error, 'index');
        return { indexed: skills.length, embedded: 0 };
      }
      await vectorIndex.upsert(
        stale.map((entry, position) => ({
          id: entry.id,
          vector: vectors[position]!,
          hash: entry.hash,
        })),
      );
    }
    return { indexed: skills.length, embedded: stale.length };
  }

  async function remove(ids: string[]): Promise<void> {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      throw new InvalidArgumentError('ids', 'expected an array of skill ids');
    }
    for (const id of ids) {
      keywordIndex.remove(id);
      locations.delete(id);
    }
    if (useVectors && ids.length > 0) await vectorIndex.delete(ids);
  }

  async function search(
    query: string,
    searchOptions: SkillRetrieverSearchOptions,
  ): Promise<SkillRetrievalHit[]> {
    if (typeof query !== 'string') throw new InvalidArgumentError('query', 'expected a string');
    const {
      scope,
      owner,
      topK = 5,
      minScore = 0,
      abortSignal,
    } = searchOptions ?? ({} as SkillRetrieverSearchOptions);
    if (scope !== 'user' && scope !== 'common' && scope !== 'all') {
      throw new InvalidArgumentError(
        'scope',
        `expected "user", "common" or "all", got ${JSON.stringify(scope)}`,
      );
    }
    if (scope !== 'common' && (typeof owner !== 'string' || owner.length === 0)) {
      throw new InvalidArgumentError('owner', `a user id is required for scope "${scope}"`);
    }
    if (!Number.isInteger(topK) || topK < 1)
      throw new InvalidArgumentError('topK', `expected an integer ≥ 1, got ${String(topK)}`);
    if (!Number.isFinite(minScore))
      throw new InvalidArgumentError('minScore', `expected a number, got ${String(minScore)}`);
    if (abortSignal?.aborted)
      throw new AbortedError('The search was aborted', { cause: abortSignal.reason });
    if (query.trim().length === 0) return [];

    const filter = scopeFilter(locations, scope, owner);
    const poolSize = Math.max(MIN_CANDIDATES, topK * CANDIDATE_FACTOR);
    const keywordMatches = keywordIndex.search(query, { topK: poolSize, filter });
    const keywordScores = new Map(keywordMatches.map((match) => [match.id, match.score]));
    const vectorScores = useVectors
      ? await searchVectors(query, poolSize, filter, keywordMatches, abortSignal)
      : undefined;

    const candidates = vectorScores
      ? [...new Set([...keywordScores.keys(), ...vectorScores.keys()])]
      : [...keywordScores.keys()];
    const missingKeyword = candidates.filter((id) => !keywordScores.has(id));
    if (missingKeyword.length > 0) {
      const scores = keywordIndex.scoreIds(query, missingKeyword);
      for (const [position, id] of missingKeyword.entries())
        keywordScores.set(id, scores[position]!);
    }
    const queryPhrases = vectorScores && weights.phrase > 0 ? phraseBigrams(query) : undefined;
    const hits: SkillRetrievalHit[] = [];
    for (const id of candidates) {
      const keywordScore = keywordScores.get(id) ?? 0;
      const vectorScore = vectorScores?.get(id);
      const phraseScore = queryPhrases
        ? phraseOverlap(queryPhrases, phrasesOf(locations.get(id)))
        : 0;
      const score = vectorScores
        ? weights.vector * (vectorScore ?? 0) +
          weights.keyword * keywordScore +
          weights.phrase * phraseScore
        : keywordScore;
      if (score < minScore || score <= 0) continue;
      hits.push({ id, score, vectorScore, keywordScore });
    }
    hits.sort(
      (left, right) =>
        right.score - left.score || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
    );
    return hits.slice(0, topK);
  }

  /** Cosine scores for the vector top list plus every keyword candidate; undefined if embedding failed. */
  async function searchVectors(
    query: string,
    poolSize: number,
    filter: (id: string) => boolean,
    keywordMatches: { id: string }[],
    abortSignal: AbortSignal | undefined,
  ): Promise<Map<string, number> | undefined> {
    if (!vectorIndex) return undefined;
    let queryVector: Float32Array;
    try {
      [queryVector] = (await embedMany(model, [query], { abortSignal })) as [Float32Array];
    } catch (error) {
      // A failing embedding vendor must not take retrieval down: rank by keywords instead.
      if (error instanceof AbortedError) throw error;
      options.onEmbeddingFailure?.(error, 'search');
      return undefined;
    }
    // The keyword candidates need a vector score too: an index that scans every record returns
    // theirs with the query (`alsoScore`); the rest are fetched and scored here.
    const keywordIds = keywordMatches.map(({ id }) => id);
    const matches = await vectorIndex.query({
      vector: queryVector,
      topK: poolSize,
      filter,
      alsoScore: keywordIds,
    });
    const scores = new Map(matches.map((match) => [match.id, clip(match.score)]));
    const missing = keywordIds.filter((id) => !scores.has(id));
    const vectors = vectorIndex.getMany
      ? await vectorIndex.getMany(missing)
      : await Promise.all(missing.map((id) => vectorIndex.get(id)));
    missing.forEach((id, position) => {
      const vector = vectors[position];
      if (vector) scores.set(id, clip(dot(queryVector, vector)));
    });
    return scores;
  }

  return {
    index,
    remove,
    search,
    has: (id) => locations.has(id),
    get size() {
      return locations.size;
    },
    ids: () => locations.keys(),
    snapshot() {
      const keyword = keywordIndex.snapshot?.();
      return keyword ? buildRetrieverSnapshot(locations, keyword) : undefined;
    },
  };
}

function scopeFilter(
  locations: Map<string, SkillLocation>,
  scope: SearchScope,
  owner: string | undefined,
) {
  return (id: string): boolean => {
    const location = locations.get(id);
    if (!location) return false;
    if (location.scope === 'common') return scope !== 'user';
    return scope !== 'common' && location.owner === owner;
  };
}

function validateSkill(skill: RetrievableSkill, position: number): void {
  const where = `skills[${position}]`;
  if (!skill || typeof skill !== 'object')
    throw new InvalidArgumentError(where, 'expected a skill object');
  if (typeof skill.id !== 'string' || skill.id.length === 0)
    throw new InvalidArgumentError(`${where}.id`, 'expected a non-empty string');
  if (skill.scope !== 'user' && skill.scope !== 'common') {
    throw new InvalidArgumentError(
      `${where}.scope`,
      `expected "user" or "common", got ${JSON.stringify(skill.scope)}`,
    );
  }
  if (typeof skill.owner !== 'string' || skill.owner.length === 0) {
    throw new InvalidArgumentError(
      `${where}.owner`,
      'expected a non-empty string (user id or library name)',
    );
  }
  if (
    typeof skill.name !== 'string' ||
    typeof skill.description !== 'string' ||
    typeof skill.instructions !== 'string'
  ) {
    throw new InvalidArgumentError(where, 'expected string name, description and instructions');
  }
}

function normaliseWeights(
  weights: Partial<RetrievalWeights> | undefined,
): Required<RetrievalWeights> {
  const vector = weights?.vector ?? DEFAULT_RETRIEVAL_WEIGHTS.vector;
  const keyword = weights?.keyword ?? DEFAULT_RETRIEVAL_WEIGHTS.keyword;
  const phrase = weights?.phrase ?? DEFAULT_RETRIEVAL_WEIGHTS.phrase;
  const total = vector + keyword + phrase;
  if (
    !(vector >= 0) ||
    !(keyword >= 0) ||
    !(phrase >= 0) ||
    !(total > 0) ||
    !Number.isFinite(total)
  ) {
    throw new InvalidArgumentError(
      'weights',
      'expected { vector, keyword, phrase } ≥ 0 with a positive, finite sum',
    );
  }
  return { vector: vector / total, keyword: keyword / total, phrase: phrase / total };
}

function clip(score: number): number {
  return Math.min(1, Math.max(0, score));
}

function dot(left: Float32Array, right: Float32Array | number[]): number {
  let sum = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) sum += left[index]! * right[index]!;
  return sum;
}
