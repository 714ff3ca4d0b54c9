import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  InvalidArgumentError,
  ProviderCallError,
  VectorDimensionMismatchError,
} from '../errors/errors';
import type { EmbeddingModel } from '../spec/embedding-model';
import { embedMany } from './embed-many';

function recordingModel(overrides: Partial<EmbeddingModel> = {}) {
  const batches: string[][] = [];
  const model: EmbeddingModel = {
    specificationVersion: 'v1',
    provider: 'test',
    modelId: 'test',
    dimensions: 2,
    maxEmbeddingsPerCall: 3,
    async doEmbed({ values }) {
      batches.push(values);
      return { embeddings: values.map((value) => Float32Array.from([value.length, 1])) };
    },
    ...overrides,
  };
  return { model, batches };
}

describe('embedMany', () => {
  it('batches by maxEmbeddingsPerCall and keeps input order', async () => {
    const { model, batches } = recordingModel();
    const vectors = await embedMany(model, ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g']);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(vectors.map((vector) => vector[0])).toEqual([1, 2, 3, 4, 5, 6, 1]);
  });

  it('returns [] without calling the model for no values', async () => {
    const { model, batches } = recordingModel();
    expect(await embedMany(model, [])).toEqual([]);
    expect(batches).toEqual([]);
  });

  it('converts number[] embeddings to Float32Array', async () => {
    const { model } = recordingModel({
      doEmbed: async ({ values }) => ({
        embeddings: values.map(() => [1, 0] as unknown as Float32Array),
      }),
    });
    const [vector] = await embedMany(model, ['x']);
    expect(vector).toBeInstanceOf(Float32Array);
  });

  it('fails when the model returns the wrong number of vectors or dimensions', async () => {
    const short = recordingModel({ doEmbed: async () => ({ embeddings: [] }) }).model;
    await expect(embedMany(short, ['x'])).rejects.toThrow(ProviderCallError);
    const wide = recordingModel({
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => new Float32Array(3)) }),
    }).model;
    await expect(embedMany(wide, ['x'])).rejects.toThrow(VectorDimensionMismatchError);
  });

  it('stops before the next batch once the signal is aborted', async () => {
    const controller = new AbortController();
    const { model, batches } = recordingModel({
      async doEmbed({ values }) {
        batches.push(values);
        controller.abort();
        return { embeddings: values.map(() => new Float32Array(2)) };
      },
    });
    await expect(
      embedMany(model, ['a', 'b', 'c', 'd'], { abortSignal: controller.signal }),
    ).rejects.toThrow(AbortedError);
    expect(batches).toHaveLength(1);
  });

  it('validates its arguments', async () => {
    const { model } = recordingModel();
    await expect(embedMany(model, 'text' as unknown as string[])).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(embedMany({} as EmbeddingModel, ['x'])).rejects.toThrow(/doEmbed/);
  });
});
