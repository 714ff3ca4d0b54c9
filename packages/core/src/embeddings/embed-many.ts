import {
  InvalidArgumentError,
  ProviderCallError,
  VectorDimensionMismatchError,
} from '../errors/errors';
import type { EmbeddingModel } from '../spec/embedding-model';
import { throwIfAborted } from './abort';

/** Options of `embedMany`. */
export interface EmbedManyOptions {
  abortSignal?: AbortSignal;
}

/**
 * Embeds any number of texts: splits them into batches of `model.maxEmbeddingsPerCall`, calls
 * `doEmbed` one batch at a time (checking the abort signal between calls), and checks that the
 * model returned one vector per text, all of the same length (= `model.dimensions` when known).
 * Returns Float32Arrays in input order.
 */
export async function embedMany(
  model: EmbeddingModel,
  values: string[],
  options: EmbedManyOptions = {},
): Promise<Float32Array[]> {
  if (!model || typeof model.doEmbed !== 'function') {
    throw new InvalidArgumentError('model', 'expected an EmbeddingModel with a doEmbed() method');
  }
  if (!Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
    throw new InvalidArgumentError('values', 'expected an array of strings');
  }
  const batchSize = Math.max(1, Math.floor(model.maxEmbeddingsPerCall) || 1);
  const results: Float32Array[] = [];
  let dimensions = model.dimensions;
  for (let start = 0; start < values.length; start += batchSize) {
    throwIfAborted(options.abortSignal);
    const batch = values.slice(start, start + batchSize);
    const { embeddings } = await model.doEmbed({ values: batch, abortSignal: options.abortSignal });
    if (!Array.isArray(embeddings) || embeddings.length !== batch.length) {
      throw new ProviderCallError({
        provider: model.provider,
        message: `expected ${batch.length} embeddings, got ${Array.isArray(embeddings) ? embeddings.length : 'none'}`,
        isRetryable: false,
      });
    }
    for (const embedding of embeddings) {
      const vector =
        embedding instanceof Float32Array
          ? embedding
          : Float32Array.from(embedding as ArrayLike<number>);
      dimensions ??= vector.length;
      if (vector.length !== dimensions)
        throw new VectorDimensionMismatchError(dimensions, vector.length);
      results.push(vector);
    }
  }
  throwIfAborted(options.abortSignal);
  return results;
}
