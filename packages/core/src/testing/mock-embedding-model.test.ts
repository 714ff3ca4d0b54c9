import { describe, expect, it } from 'vitest';
import { embedMany } from '../embeddings/embed-many';
import { AbortedError } from '../errors/errors';
import { MockEmbeddingModel } from './mock-embedding-model';

describe('MockEmbeddingModel', () => {
  it('records calls and returns deterministic unit vectors of the configured size', async () => {
    const model = new MockEmbeddingModel({ dimensions: 8, maxEmbeddingsPerCall: 2 });
    const vectors = await embedMany(model, ['a', 'b', 'a']);
    expect(model.calls.map((call) => call.values)).toEqual([['a', 'b'], ['a']]);
    expect(vectors[0]).toHaveLength(8);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[2]!));
    expect(vectors[0]!.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 5);
  });

  it('uses custom vectors and injected failures', async () => {
    const model = new MockEmbeddingModel({
      dimensions: 2,
      embed: (value) => [value.length, 0],
      fail: ({ index }) => (index === 1 ? new Error('vendor down') : undefined),
    });
    expect(Array.from((await embedMany(model, ['abc']))[0]!)).toEqual([3, 0]);
    await expect(embedMany(model, ['x'])).rejects.toThrow('vendor down');
    expect(model.calls).toHaveLength(2);
  });

  it('rejects aborted calls', async () => {
    const model = new MockEmbeddingModel();
    await expect(
      model.doEmbed({ values: ['x'], abortSignal: AbortSignal.abort() }),
    ).rejects.toThrow(AbortedError);
  });
});
