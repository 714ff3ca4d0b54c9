import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors';
import { embedMany } from './embed-many';
import { createHashingEmbeddingModel } from './hashing-embedding-model';

function cosine(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}

describe('createHashingEmbeddingModel', () => {
  it('describes itself as the hashing provider with 256 dimensions by default', () => {
    const model = createHashingEmbeddingModel();
    expect(model).toMatchObject({
      specificationVersion: 'v1',
      provider: 'hashing',
      dimensions: 256,
    });
    expect(model.modelId).toMatch(/^default/);
  });

  it('is deterministic across model instances', async () => {
    const [first] = await embedMany(createHashingEmbeddingModel(), [
      'Safe release with canary 安全发布',
    ]);
    const [second] = await embedMany(createHashingEmbeddingModel(), [
      'Safe release with canary 安全发布',
    ]);
    expect(Array.from(first!)).toEqual(Array.from(second!));
  });

  it('returns unit vectors of the requested size, and a zero vector for empty text', async () => {
    const [vector, empty] = await embedMany(createHashingEmbeddingModel({ dimensions: 64 }), [
      'hello world',
      '',
    ]);
    expect(vector).toHaveLength(64);
    expect(cosine(vector!, vector!)).toBeCloseTo(1, 5);
    expect(Array.from(empty!).every((value) => value === 0)).toBe(true);
  });

  it('ranks related texts above unrelated ones, in English and Chinese', async () => {
    const model = createHashingEmbeddingModel();
    const [query, related, unrelated, zhQuery, zhRelated, zhUnrelated] = await embedMany(model, [
      'how to do a safe release',
      'Before each release: run regression, canary, monitor, then full rollout',
      'Write a poem about autumn leaves',
      '如何安全发布新版本',
      '每次发布前：回归测试、金丝雀发布、监控、全量发布',
      '写一首关于秋天的诗',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!));
    expect(cosine(zhQuery!, zhRelated!)).toBeGreaterThan(cosine(zhQuery!, zhUnrelated!));
  });

  it('makes inflected and misspelt words similar through character trigrams', async () => {
    const model = createHashingEmbeddingModel({ dimensions: 1024 });
    const [query, close, far] = await embedMany(model, ['deployment', 'deploymnet', 'gardening']);
    expect(cosine(query!, close!)).toBeGreaterThan(0.3);
    expect(cosine(query!, close!)).toBeGreaterThan(cosine(query!, far!));
  });

  it('rejects invalid dimensions', () => {
    expect(() => createHashingEmbeddingModel({ dimensions: 0 })).toThrow(InvalidArgumentError);
    expect(() => createHashingEmbeddingModel({ dimensions: 1.5 })).toThrow(/dimensions/);
  });
});
