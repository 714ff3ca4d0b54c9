import { InvalidArgumentError } from '../errors/errors';
import type {
  EmbeddingModel,
  EmbeddingModelCallOptions,
  EmbeddingModelResult,
} from '../spec/embedding-model';
import { tokenize } from '../text/tokenize';
import { throwIfAborted } from './abort';
import { featureHash, featureHashOfCodes } from './feature-hash';

/** Options of `createHashingEmbeddingModel`. */
export interface HashingEmbeddingModelOptions {
  /** Vector length. Default 256. */
  dimensions?: number;
  /**
   * Weight of character trigrams of Latin/Cyrillic/other words (they make "compare" and
   * "comparison" close, and survive typos). 0 disables them. Default 0.5.
   */
  characterNgramWeight?: number;
}

/** Feature-set version: part of the model id, so a change of features gets a new vector index. */
const FEATURE_VERSION = 'v2';
const WORD_PATTERN = /^[\p{L}\p{N}]{4,}$/u;

/**
 * An offline embedding model: signed feature hashing of `tokenize()` tokens (CJK unigrams +
 * bigrams, stemmed words) plus character trigrams, with sublinear term weights, L2-normalised.
 * Deterministic and dependency-free. It is NOT bit-compatible with the Python original's
 * `hashing` provider: that one hashed whole CJK runs as single tokens (the bug fixed here) and
 * used md5. Cosine similarity of its vectors is a bag-of-words overlap, not semantics.
 */
export function createHashingEmbeddingModel(
  options: HashingEmbeddingModelOptions = {},
): EmbeddingModel {
  const dimensions = options.dimensions ?? 256;
  if (!Number.isInteger(dimensions) || dimensions < 2 || dimensions > 65536) {
    throw new InvalidArgumentError(
      'dimensions',
      `expected an integer between 2 and 65536, got ${String(dimensions)}`,
    );
  }
  const ngramWeight = options.characterNgramWeight ?? 0.5;
  if (!Number.isFinite(ngramWeight) || ngramWeight < 0) {
    throw new InvalidArgumentError(
      'characterNgramWeight',
      `expected a number ≥ 0, got ${String(ngramWeight)}`,
    );
  }
  const modelId =
    ngramWeight === 0.5 ? `default-${FEATURE_VERSION}` : `${FEATURE_VERSION}-ng${ngramWeight}`;
  return {
    specificationVersion: 'v1',
    provider: 'hashing',
    modelId,
    dimensions,
    maxEmbeddingsPerCall: 2048,
    async doEmbed({
      values,
      abortSignal,
    }: EmbeddingModelCallOptions): Promise<EmbeddingModelResult> {
      if (!Array.isArray(values))
        throw new InvalidArgumentError('values', 'expected an array of strings');
      const embeddings: Float32Array[] = [];
      for (const value of values) {
        throwIfAborted(abortSignal);
        if (typeof value !== 'string')
          throw new InvalidArgumentError('values', 'every value must be a string');
        embeddings.push(hashingVector(value, dimensions, ngramWeight));
      }
      return { embeddings };
    },
  };
}

/** The hashing vector of one text (exported for tests and the benchmark). */
export function hashingVector(text: string, dimensions: number, ngramWeight = 0.5): Float32Array {
  const counts = new Map<string, number>();
  // Trigram features keyed by their hash: building a string per trigram cost more than the rest.
  const gramCounts = new Map<number, number>();
  for (const token of tokenize(text)) {
    counts.set(token, (counts.get(token) ?? 0) + 1);
    if (ngramWeight > 0 && WORD_PATTERN.test(token)) {
      // The trigrams of `<token>`, each hashed as the feature `#abc`.
      const last = token.length + 2 - 3;
      for (let index = 0; index <= last; index++) {
        // Signed keys: small integers are stored inline by the map, unsigned 32-bit ones are not.
        const hash = trigramHash(token, index - 1) | 0;
        gramCounts.set(hash, (gramCounts.get(hash) ?? 0) + ngramWeight);
      }
    }
  }
  const vector = new Float32Array(dimensions);
  const add = (hash: number, count: number) => {
    const weight = count >= 1 ? 1 + Math.log(count) : count;
    vector[hash % dimensions]! += hash & 0x80000000 ? -weight : weight;
  };
  for (const [feature, count] of counts) add(featureHash(feature), count);
  for (const [hash, count] of gramCounts) add(hash >>> 0, count);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += vector[index]! * vector[index]!;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index++) vector[index]! *= scale;
  }
  return vector;
}

const HASH = 0x23; // '#'
const OPEN = 0x3c; // '<'
const CLOSE = 0x3e; // '>'

/** `featureHash` of `#` + the 3 characters of `<token>` starting at `start` (-1 = the `<`). */
function trigramHash(token: string, start: number): number {
  const end = token.length;
  const first = start < 0 ? OPEN : token.charCodeAt(start);
  const second = start + 1 >= end ? CLOSE : token.charCodeAt(start + 1);
  const third = start + 2 >= end ? CLOSE : token.charCodeAt(start + 2);
  return featureHashOfCodes(HASH, first, second, third);
}
