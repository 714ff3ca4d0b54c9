import { featureHash } from '../embeddings/feature-hash';
import { hashingVector } from '../embeddings/hashing-embedding-model';
import { AbortedError, InvalidArgumentError } from '../errors/errors';
import type {
  EmbeddingModel,
  EmbeddingModelCallOptions,
  EmbeddingModelResult,
} from '../spec/embedding-model';

export interface MockEmbeddingModelOptions {
  provider?: string;
  modelId?: string;
  /** Vector length. Default 32. */
  dimensions?: number;
  /** Largest batch per `doEmbed` call. Default 16. */
  maxEmbeddingsPerCall?: number;
  /** Custom vectors; default: the hashing embedding of the text (deterministic, unit length unless empty). */
  embed?: (value: string) => Float32Array | number[];
  /**
   * Failure injection: return (or throw) an error to fail the call with it, or undefined to
   * answer normally. Receives the 0-based call index and the call's values.
   */
  fail?: (call: { index: number; values: string[] }) => unknown;
}

/**
 * A deterministic `EmbeddingModel` for tests. Records every `doEmbed` call in `calls`, honours
 * abort signals with `AbortedError`, and can be told to fail.
 *
 * @example
 * const model = new MockEmbeddingModel({ dimensions: 8, fail: ({ index }) => index === 1 ? new Error('down') : undefined });
 * await embedMany(model, ['a']); // ok
 * model.calls; // [{ values: ['a'] }]
 */
export class MockEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxEmbeddingsPerCall: number;
  /** Every `doEmbed` call, in order. */
  readonly calls: EmbeddingModelCallOptions[] = [];
  private readonly options: MockEmbeddingModelOptions;

  constructor(options: MockEmbeddingModelOptions = {}) {
    this.provider = options.provider ?? 'mock';
    this.modelId = options.modelId ?? 'mock-embedding';
    this.dimensions = options.dimensions ?? 32;
    this.maxEmbeddingsPerCall = options.maxEmbeddingsPerCall ?? 16;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 2) {
      throw new InvalidArgumentError(
        'dimensions',
        `expected an integer ≥ 2, got ${String(this.dimensions)}`,
      );
    }
    if (!Number.isInteger(this.maxEmbeddingsPerCall) || this.maxEmbeddingsPerCall < 1) {
      throw new InvalidArgumentError('maxEmbeddingsPerCall', 'expected an integer ≥ 1');
    }
    this.options = options;
  }

  async doEmbed(options: EmbeddingModelCallOptions): Promise<EmbeddingModelResult> {
    const index = this.calls.length;
    this.calls.push(options);
    if (options.abortSignal?.aborted) {
      throw new AbortedError('The embedding call was aborted', {
        cause: options.abortSignal.reason,
      });
    }
    const failure = this.options.fail?.({ index, values: options.values });
    if (failure !== undefined) throw failure;
    if (options.values.length > this.maxEmbeddingsPerCall) {
      throw new InvalidArgumentError(
        'values',
        `${options.values.length} values exceed maxEmbeddingsPerCall (${this.maxEmbeddingsPerCall})`,
      );
    }
    const embeddings = options.values.map((value) => {
      if (this.options.embed) {
        const custom = this.options.embed(value);
        return custom instanceof Float32Array ? custom : Float32Array.from(custom);
      }
      return mockVector(value, this.dimensions);
    });
    return {
      embeddings,
      usage: { tokens: options.values.reduce((sum, value) => sum + value.length, 0) },
    };
  }
}

/** The hashing vector; texts without tokens (stopwords, punctuation) get a one-hot vector instead of zeros. */
function mockVector(value: string, dimensions: number): Float32Array {
  const vector = hashingVector(value, dimensions);
  if (value.length > 0 && vector.every((entry) => entry === 0))
    vector[featureHash(value) % dimensions] = 1;
  return vector;
}
