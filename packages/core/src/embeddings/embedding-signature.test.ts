import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../errors/errors';
import { embeddingSignature, embeddingSignatureKey } from './embedding-signature';
import { createHashingEmbeddingModel } from './hashing-embedding-model';
import { createNoEmbeddingModel, isEmbeddingDisabled } from './no-embedding-model';

describe('embeddingSignature', () => {
  it('names the vector space of a model with a file-name-safe key', () => {
    const signature = embeddingSignature(createHashingEmbeddingModel({ dimensions: 256 }));
    expect(signature).toEqual({ provider: 'hashing', modelId: 'default-v2', dimensions: 256 });
    expect(embeddingSignatureKey(signature)).toMatch(/^hashing-default-v2-d256-[0-9a-f]{8}$/);
  });

  it('gives different keys to different models and dimensions', () => {
    const keys = new Set([
      embeddingSignatureKey({
        provider: 'openai',
        modelId: 'text-embedding-3-small',
        dimensions: 1536,
      }),
      embeddingSignatureKey({
        provider: 'openai',
        modelId: 'text-embedding-3-small',
        dimensions: 512,
      }),
      embeddingSignatureKey({
        provider: 'openai',
        modelId: 'Text Embedding 3 Small',
        dimensions: 1536,
      }),
    ]);
    expect(keys.size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9-]+$/);
  });

  it('requires dimensions for models that do not know them yet', () => {
    expect(() => embeddingSignature(createNoEmbeddingModel())).toThrow(/dimensions/);
  });
});

describe('createNoEmbeddingModel', () => {
  it('is recognised as disabled and refuses to embed', async () => {
    const model = createNoEmbeddingModel();
    expect(isEmbeddingDisabled(model)).toBe(true);
    expect(isEmbeddingDisabled(createHashingEmbeddingModel())).toBe(false);
    await expect(model.doEmbed({ values: ['x'] })).rejects.toThrow(UnsupportedError);
  });
});
