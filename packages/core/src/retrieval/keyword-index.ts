import { InvalidArgumentError } from '../errors/errors';
import { tokenize } from '../text/tokenize';
import {
  buildKeywordSnapshot,
  type KeywordIndexSnapshot,
  type RestoredKeywordState,
  restoredDocumentTerms,
  restoredPosting,
  restoreKeywordSnapshot,
} from './keyword-index-snapshot';
import {
  appendPostingRow,
  compactPosting,
  createTermPosting,
  findPostingRow,
  type TermPosting,
} from './term-posting';

/** Field weights used by `createKeywordIndex()` when none are given (tuned on the dev sets). */
export const DEFAULT_KEYWORD_FIELD_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  name: 3,
  title: 3,
  description: 2,
  tags: 3,
  triggers: 2,
  instructions: 1,
  resources: 0.5,
});

/** BM25 `b` per field used by `createKeywordIndex()` when none is given (tuned on the dev sets). */
export const DEFAULT_KEYWORD_LENGTH_NORMALIZATION: number | Readonly<Record<string, number>> = 0.15;

const HAN_PATTERN = /\p{Script=Han}/u;

/**
 * Default query-term weight: ½ for tokens with Han characters, 1 otherwise. A Chinese word of n
 * characters yields about 2n − 1 tokens (unigrams + bigrams) where a Latin word yields one, so
 * without this a mixed query such as "TSX最佳实践" is decided by its Chinese part alone.
 */
export function defaultQueryTermWeight(term: string): number {
  return HAN_PATTERN.test(term) ? 0.5 : 1;
}

/** Options of `createKeywordIndex`. */
export interface KeywordIndexOptions {
  /** Weight per field; only these fields are indexed. Default `DEFAULT_KEYWORD_FIELD_WEIGHTS`. */
  fieldWeights?: Record<string, number>;
  /** BM25 term-frequency saturation. Default 1.5. */
  k1?: number;
  /**
   * BM25 length normalisation (0 = none, 1 = full): one number for every field, or per field
   * (missing fields get 0.75). Default `DEFAULT_KEYWORD_LENGTH_NORMALIZATION`.
   */
  b?: number | Record<string, number>;
  /** Tokenizer for documents and queries. Default `tokenize`. */
  tokenizer?: (text: string) => string[];
  /** Weight of a query term (multiplies its idf). Default `defaultQueryTermWeight`. */
  queryTermWeight?: (term: string) => number;
  /**
   * Starts from a saved `snapshot()` (same fields) instead of empty: nothing is tokenized, and
   * postings are read from the snapshot's columns when a query or write first touches them.
   */
  snapshot?: KeywordIndexSnapshot;
}

/** Options of `KeywordIndex.search`. */
export interface KeywordSearchOptions {
  /** Most results. Default 10. */
  topK?: number;
  /** Only ids for which this returns true are returned. */
  filter?: (id: string) => boolean;
}

export interface KeywordMatch {
  id: string;
  /** BM25F score divided by the query's reference score (see `createKeywordIndex`), in [0, 1]. */
  score: number;
}

/** An incremental BM25F index over documents with weighted text fields. */
export interface KeywordIndex {
  /** Adds or replaces a document. Cost O(document tokens). */
  upsert(id: string, fields: Record<string, string | string[] | undefined>): void;
  /** Removes a document; unknown ids are ignored. Cost O(document terms). */
  remove(id: string): void;
  has(id: string): boolean;
  /** Best matches first (ties by id); documents that match no query term are never returned. */
  search(query: string, options?: KeywordSearchOptions): KeywordMatch[];
  /** Normalised scores of the given ids for `query` (0 when absent or not matching), same order. */
  scoreIds(query: string, ids: readonly string[]): number[];
  /** Number of documents. */
  readonly size: number;
  /** The index as typed columns, to save and pass back as `createKeywordIndex({ snapshot })`. */
  snapshot?(): KeywordIndexSnapshot;
}

/**
 * Creates an in-memory BM25F keyword index. Postings, per-field lengths and global statistics
 * are kept incrementally, so updates never rebuild and queries only touch the postings of their
 * terms. A score is the BM25F sum divided by the sum of the query terms' idf (a bound no
 * document reaches), so it lies in [0, 1), does not depend on which documents a filter lets
 * through, and says how much of the query a document explains — comparable across scopes.
 */
export function createKeywordIndex(options: KeywordIndexOptions = {}): KeywordIndex {
  const weights = options.fieldWeights ?? DEFAULT_KEYWORD_FIELD_WEIGHTS;
  const fields = Object.keys(weights);
  const fieldWeight = fields.map((field) => weights[field]!);
  if (fields.length === 0 || fieldWeight.some((weight) => !Number.isFinite(weight) || weight < 0)) {
    throw new InvalidArgumentError(
      'fieldWeights',
      'expected at least one field with a finite weight ≥ 0',
    );
  }
  const k1 = options.k1 ?? 1.5;
  const bOption = options.b ?? DEFAULT_KEYWORD_LENGTH_NORMALIZATION;
  const fieldB = fields.map((field) =>
    typeof bOption === 'number' ? bOption : (bOption[field] ?? 0.75),
  );
  if (!Number.isFinite(k1) || k1 <= 0)
    throw new InvalidArgumentError('k1', `expected a number > 0, got ${String(k1)}`);
  if (fieldB.some((b) => !Number.isFinite(b) || b < 0 || b > 1)) {
    throw new InvalidArgumentError(
      'b',
      `expected numbers in [0, 1], got ${JSON.stringify(bOption)}`,
    );
  }
  const tokenizer = options.tokenizer ?? tokenize;
  const queryTermWeight = options.queryTermWeight ?? defaultQueryTermWeight;
  if (typeof queryTermWeight !== 'function')
    throw new InvalidArgumentError('queryTermWeight', 'expected a function (term) => number');
  const fieldIndex = new Map(fields.map((field, index) => [field, index]));

  // Slot per document id. Slots are never reused: a removed document's slot stays dead until
  // `compact()` renumbers.
  const documents = new Map<string, number>();
  const slotIds: (string | undefined)[] = [];
  // Token count per field and distinct terms of documents added in this process; those of
  // restored documents (slots below the snapshot's size) are read from the snapshot.
  const slotLengths: (number[] | undefined)[] = [];
  const slotTerms: (string[] | undefined)[] = [];
  let deadSlots = 0;
  const postings = new Map<string, TermPosting>();
  const totalLengths = new Float64Array(fields.length);
  const fieldCount = fields.length;
  let restored: RestoredKeywordState | undefined;
  if (options.snapshot) {
    restored = restoreKeywordSnapshot(options.snapshot, fields);
    const { ids, lengths } = restored.snapshot;
    for (const [slot, id] of ids.entries()) {
      documents.set(id, slot);
      slotIds.push(id);
    }
    slotLengths.length = ids.length;
    slotTerms.length = ids.length;
    for (let cell = 0; cell < lengths.length; cell++)
      totalLengths[cell % fieldCount]! += lengths[cell]!;
  }
  let writes = 0;
  let factorsAt = -1;
  let factors = new Float64Array(0);
  // Scratch buffers reused by every query (search is synchronous, so sharing is safe).
  let scratchScores = new Float64Array(64);
  const touched: number[] = [];

  /** A term's posting, read from the restored snapshot the first time it is needed. */
  function postingOf(term: string): TermPosting | undefined {
    const posting = postings.get(term);
    if (posting || !restored) return posting;
    const number = restored.pendingTerms.get(term);
    if (number === undefined) return undefined;
    restored.pendingTerms.delete(term);
    const fromSnapshot = restoredPosting(restored, number);
    postings.set(term, fromSnapshot);
    return fromSnapshot;
  }

  function lengthOf(slot: number, field: number): number {
    const lengths = slotLengths[slot];
    if (lengths) return lengths[field]!;
    return restored && slot < restored.snapshot.ids.length
      ? restored.snapshot.lengths[slot * fieldCount + field]!
      : 0;
  }

  function termsOf(slot: number): readonly string[] {
    const terms = slotTerms[slot];
    if (terms) return terms;
    return restored && slot < restored.snapshot.ids.length
      ? restoredDocumentTerms(restored, slot)
      : [];
  }

  /** Copies what is still read from the snapshot into the live structures (before renumbering). */
  function materialize(): void {
    if (!restored) return;
    for (const term of [...restored.pendingTerms.keys()]) postingOf(term);
    for (let slot = 0; slot < restored.snapshot.ids.length; slot++) {
      if (slotIds[slot] === undefined || slotLengths[slot]) continue;
      slotLengths[slot] = Array.from({ length: fieldCount }, (_, field) => lengthOf(slot, field));
      slotTerms[slot] = [...termsOf(slot)];
    }
    restored = undefined;
  }

  function remove(id: string): void {
    const slot = documents.get(id);
    if (slot === undefined) return;
    writes++;
    for (const term of termsOf(slot)) {
      const posting = postingOf(term);
      if (!posting) continue;
      posting.live--;
      if (posting.live <= 0) postings.delete(term);
    }
    for (let field = 0; field < fieldCount; field++) totalLengths[field]! -= lengthOf(slot, field);
    documents.delete(id);
    slotIds[slot] = undefined;
    slotLengths[slot] = undefined;
    slotTerms[slot] = undefined;
    deadSlots++;
    if (deadSlots > 1024 && deadSlots * 3 > slotIds.length) compact();
  }

  /** Renumbers live slots densely and drops dead posting rows. O(total postings). */
  function compact(): void {
    materialize();
    const renumber = new Int32Array(slotIds.length).fill(-1);
    let next = 0;
    for (let slot = 0; slot < slotIds.length; slot++) {
      if (slotIds[slot] === undefined) continue;
      renumber[slot] = next;
      slotIds[next] = slotIds[slot];
      slotLengths[next] = slotLengths[slot];
      slotTerms[next] = slotTerms[slot];
      documents.set(slotIds[next]!, next);
      next++;
    }
    slotIds.length = next;
    slotLengths.length = next;
    slotTerms.length = next;
    deadSlots = 0;
    for (const posting of postings.values()) compactPosting(posting, renumber, fieldCount);
    writes++;
  }

  function upsert(id: string, documentFields: Record<string, string | string[] | undefined>): void {
    if (typeof id !== 'string' || id.length === 0)
      throw new InvalidArgumentError('id', 'expected a non-empty string');
    if (!documentFields || typeof documentFields !== 'object') {
      throw new InvalidArgumentError('fields', 'expected an object of field name → text');
    }
    // Tokenize everything first: a bad field or a throwing tokenizer leaves the index untouched.
    const fieldTokens: { field: number; tokens: string[] }[] = [];
    for (const name in documentFields) {
      const value = documentFields[name];
      const field = fieldIndex.get(name);
      if (field === undefined || value === undefined) continue;
      const text = Array.isArray(value) ? value.join('\n') : value;
      if (typeof text !== 'string')
        throw new InvalidArgumentError(`fields.${name}`, 'expected a string or string[]');
      fieldTokens.push({ field, tokens: tokenizer(text) });
    }
    remove(id);
    writes++;
    const slot = slotIds.length;
    const lengths = new Array<number>(fieldCount).fill(0);
    const terms: string[] = [];
    // One pass straight into the postings: the new slot is the highest, so a posting whose last
    // row is this slot already counts this document.
    for (const { field, tokens } of fieldTokens) {
      lengths[field] = tokens.length;
      for (const token of tokens) {
        let posting = postingOf(token);
        if (!posting) {
          posting = createTermPosting(fieldCount);
          postings.set(token, posting);
        }
        if (posting.length === 0 || posting.slots[posting.length - 1] !== slot) {
          appendPostingRow(posting, slot, fieldCount);
          terms.push(token);
        }
        const cell = (posting.length - 1) * fieldCount + field;
        if (posting.frequencies[cell]! < 0xff) posting.frequencies[cell]! += 1;
      }
    }
    slotIds.push(id);
    slotLengths.push(lengths);
    slotTerms.push(terms);
    for (let field = 0; field < fieldCount; field++) totalLengths[field]! += lengths[field]!;
    documents.set(id, slot);
  }

  /** Distinct query terms present in the index with their idf, and the normalising reference. */
  function prepare(query: string): { terms: string[]; idfs: number[]; reference: number } {
    const count = documents.size;
    const terms: string[] = [];
    const idfs: number[] = [];
    let reference = 0;
    for (const term of new Set(tokenizer(query))) {
      const posting = postingOf(term);
      const frequency = posting?.live ?? 0;
      const idf =
        Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5)) * queryTermWeight(term);
      if (!(idf > 0)) continue;
      // A term's contribution is idf × saturation < idf, so Σ idf bounds the score.
      reference += idf;
      if (posting) {
        terms.push(term);
        idfs.push(idf);
      }
    }
    return { terms, idfs, reference };
  }

  /** weight_f / (1 − b_f + b_f · length / average) per field and slot, recomputed only after writes. */
  function lengthFactors(): Float64Array {
    const capacity = slotIds.length;
    if (factorsAt === writes && factors.length === capacity * fieldCount) return factors;
    const count = Math.max(1, documents.size);
    const averages = Array.from(totalLengths, (total) => total / count || 1);
    if (factors.length !== capacity * fieldCount) factors = new Float64Array(capacity * fieldCount);
    for (let slot = 0; slot < capacity; slot++) {
      if (slotIds[slot] === undefined) continue;
      for (let field = 0; field < fieldCount; field++) {
        factors[field * capacity + slot] =
          fieldWeight[field]! /
          (1 - fieldB[field]! + (fieldB[field]! * lengthOf(slot, field)) / averages[field]!);
      }
    }
    factorsAt = writes;
    return factors;
  }

  function search(query: string, searchOptions: KeywordSearchOptions = {}): KeywordMatch[] {
    if (typeof query !== 'string') throw new InvalidArgumentError('query', 'expected a string');
    const topK = searchOptions.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 1)
      throw new InvalidArgumentError('topK', `expected an integer ≥ 1, got ${String(topK)}`);
    const { terms, idfs, reference } = prepare(query);
    if (terms.length === 0 || reference <= 0) return [];
    if (scratchScores.length < slotIds.length) {
      scratchScores = new Float64Array(Math.max(slotIds.length, scratchScores.length * 2));
    }
    const scores = scratchScores;
    const slotFactors = lengthFactors();
    const capacity = slotIds.length;
    touched.length = 0;
    for (let index = 0; index < terms.length; index++) {
      const idf = idfs[index]!;
      const { slots, frequencies, length } = postingOf(terms[index]!)!;
      for (let row = 0; row < length; row++) {
        const slot = slots[row]!;
        if (slotIds[slot] === undefined) continue;
        let pseudoFrequency = 0;
        for (let field = 0; field < fieldCount; field++) {
          const frequency = frequencies[row * fieldCount + field]!;
          if (frequency !== 0) pseudoFrequency += frequency * slotFactors[field * capacity + slot]!;
        }
        if (scores[slot] === 0) touched.push(slot);
        scores[slot]! += (idf * pseudoFrequency) / (k1 + pseudoFrequency);
      }
    }
    const filter = searchOptions.filter;
    // Bounded selection: keep the best topK in a list sorted best-first, so a query that touches
    // tens of thousands of documents neither allocates nor sorts them all.
    const best: KeywordMatch[] = [];
    for (const slot of touched) {
      const score = scores[slot]!;
      scores[slot] = 0;
      if (score <= 0) continue;
      const normalized = Math.min(1, score / reference);
      const worst = best[best.length - 1];
      if (best.length === topK && worst && normalized < worst.score) continue;
      const id = slotIds[slot]!;
      if (filter && !filter(id)) continue;
      const match = { id, score: normalized };
      if (best.length === topK && worst && compareMatches(match, worst) >= 0) continue;
      let low = 0;
      let high = best.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compareMatches(best[middle]!, match) <= 0) low = middle + 1;
        else high = middle;
      }
      best.splice(low, 0, match);
      if (best.length > topK) best.pop();
    }
    return best;
  }

  function scoreIds(query: string, ids: readonly string[]): number[] {
    if (typeof query !== 'string') throw new InvalidArgumentError('query', 'expected a string');
    const { terms, idfs, reference } = prepare(query);
    const slotFactors = lengthFactors();
    const capacity = slotIds.length;
    return ids.map((id) => {
      const slot = documents.get(id);
      if (slot === undefined || reference <= 0) return 0;
      let score = 0;
      for (let index = 0; index < terms.length; index++) {
        const posting = postingOf(terms[index]!)!;
        const row = findPostingRow(posting, slot);
        if (row < 0) continue;
        let pseudoFrequency = 0;
        for (let field = 0; field < fieldCount; field++) {
          const frequency = posting.frequencies[row * fieldCount + field]!;
          if (frequency !== 0) pseudoFrequency += frequency * slotFactors[field * capacity + slot]!;
        }
        score += (idfs[index]! * pseudoFrequency) / (k1 + pseudoFrequency);
      }
      return Math.min(1, score / reference);
    });
  }

  return {
    upsert,
    remove,
    has: (id) => documents.has(id),
    search,
    scoreIds,
    get size() {
      return documents.size;
    },
    snapshot: () =>
      buildKeywordSnapshot({
        fields,
        slotIds,
        lengthOf,
        termsOf,
        terms: () => [...postings.keys(), ...(restored?.pendingTerms.keys() ?? [])],
        postingOf,
      }),
  };
}

function compareMatches(left: KeywordMatch, right: KeywordMatch): number {
  return right.score - left.score || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}
