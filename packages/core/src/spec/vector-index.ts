/**
 * A vector index: derived, rebuildable data keyed by skill id. Scores are dot products of
 * unit vectors (cosine). Implementations: `createInMemoryVectorIndex()` (core),
 * `createFlatVectorIndex()` (`@autoskill/vectors-flat`). Prove a new one with
 * `runVectorIndexTests()` from `@autoskill/test-suite`.
 */
export interface VectorIndex {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly dimensions: number;
  /** Adds or replaces records. Vectors must have `dimensions` entries. */
  upsert(records: VectorRecord[]): Promise<void>;
  /** Removes ids; unknown ids are ignored. */
  delete(ids: string[]): Promise<void>;
  /**
   * The `topK` best records by score, best first; ties by id. Then, when the index honours
   * `alsoScore`, the scores of those ids that are not among them.
   */
  query(options: VectorIndexQueryOptions): Promise<VectorIndexMatch[]>;
  /** The stored vector of one id, or undefined. */
  get(id: string): Promise<Float32Array | undefined>;
  /**
   * Optional: the stored vectors of several ids in one call, same order, undefined for unknown
   * ids. Retrieval uses it to score keyword candidates (one call instead of one per candidate).
   */
  getMany?(ids: string[]): Promise<(Float32Array | undefined)[]>;
  /** The content hash stored with an id (used to tell stale vectors), or undefined. */
  getHash(id: string): Promise<string | undefined>;
  /**
   * Optional: the content hashes of several ids in one call, same order (what `getHash` gives for
   * each). Opening a large store checks every skill's vector with it in one call, not 100k.
   */
  getHashes?(ids: readonly string[]): Promise<(string | undefined)[]>;
  /** Every id in the index. */
  ids(): Promise<string[]>;
  count(): Promise<number>;
  /** Removes everything. */
  clear(): Promise<void>;
  /**
   * Optional: how the index was opened. Anything but `loaded` means it started empty (new, or
   * its files were corrupt or built by another embedding model): callers re-embed every skill.
   */
  readonly openState?: VectorIndexOpenState;
  /** Optional: why the index started empty, when `openState` is `rebuilt-*`. */
  readonly rebuildReason?: string | undefined;
  /** Persists pending writes (no-op for in-memory indexes). */
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

export interface VectorRecord {
  id: string;
  vector: Float32Array | number[];
  /** Hash of the text the vector was computed from. */
  hash?: string;
}

export interface VectorIndexQueryOptions {
  vector: Float32Array | number[];
  topK: number;
  /** Only ids for which this returns true are considered. */
  filter?: (id: string) => boolean;
  /**
   * Optional hint: ids whose scores the caller needs even outside the top K (retrieval's keyword
   * candidates). An index that scores every record anyway appends them after the top K (unknown
   * and filtered-out ids are skipped); one that ignores the hint returns the top K only, and the
   * caller fetches the missing vectors instead.
   */
  alsoScore?: readonly string[];
}

export interface VectorIndexMatch {
  id: string;
  score: number;
}

/** How a persistent index was opened: its data, a new empty index, or empty because the old data could not be used. */
export type VectorIndexOpenState = 'loaded' | 'created' | 'rebuilt-corrupt' | 'rebuilt-mismatch';
