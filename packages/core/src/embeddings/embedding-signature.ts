import { InvalidArgumentError } from '../errors/errors';
import { fnv1aHex } from '../identity/identity';
import type { EmbeddingModel, EmbeddingSignature } from '../spec/embedding-model';

/**
 * The vector space a model produces: provider, model id and dimensions. Pass `dimensions` for
 * models that only know theirs after the first call.
 */
export function embeddingSignature(
  model: EmbeddingModel,
  dimensions = model.dimensions,
): EmbeddingSignature {
  if (!model || typeof model.provider !== 'string' || typeof model.modelId !== 'string') {
    throw new InvalidArgumentError('model', 'expected an EmbeddingModel with provider and modelId');
  }
  if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new InvalidArgumentError(
      'dimensions',
      `the dimensions of ${model.provider}/${model.modelId} are unknown: pass them (embed one text to find out)`,
    );
  }
  return { provider: model.provider, modelId: model.modelId, dimensions };
}

/**
 * A file-name-safe key for a signature, e.g. `hashing-default-v2-d256-1a2b3c4d`: readable slugs of
 * provider and model plus a hash of the exact signature (so different models never share an index).
 * Used as the vector index name under `Skills/vectors/`.
 */
export function embeddingSignatureKey(signature: EmbeddingSignature): string {
  const { provider, modelId, dimensions } = signature ?? ({} as EmbeddingSignature);
  if (
    typeof provider !== 'string' ||
    typeof modelId !== 'string' ||
    !Number.isInteger(dimensions)
  ) {
    throw new InvalidArgumentError(
      'signature',
      'expected { provider: string, modelId: string, dimensions: integer }',
    );
  }
  const hash = fnv1aHex(JSON.stringify([provider, modelId, dimensions]));
  return `${slug(provider, 16)}-${slug(modelId, 28)}-d${dimensions}-${hash}`;
}

function slug(value: string, max: number): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return cleaned || 'x';
}
