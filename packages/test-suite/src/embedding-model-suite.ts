import { type EmbeddingModel, embedMany } from '@autoskill/core';
import { describe, expect, it } from 'vitest';

export interface EmbeddingModelSuiteOptions {
  /** Creates the model under test (called once per test). */
  createModel(): Promise<EmbeddingModel> | EmbeddingModel;
  /** Whether vectors must have unit length (cosine = dot product). Default true. */
  unitNorm?: boolean;
}

const TEXTS = [
  'Before each release: run regression, canary, monitor, then full rollout',
  'Write a short poem about autumn leaves',
  '把文章转成Word格式并保留标题层级',
];

/**
 * Registers vitest tests proving that an `EmbeddingModel` behaves as AutoSkill expects:
 * determinism, declared dimensions, unit norm, batch order, empty and CJK input, batches larger
 * than `maxEmbeddingsPerCall` through `embedMany`, and abort signals.
 */
export function runEmbeddingModelTests(name: string, options: EmbeddingModelSuiteOptions): void {
  describe(`EmbeddingModel conformance: ${name}`, () => {
    const unitNorm = options.unitNorm ?? true;

    it('declares its identity and a positive batch size', async () => {
      const model = await options.createModel();
      expect(model.specificationVersion).toBe('v1');
      expect(typeof model.provider).toBe('string');
      expect(model.provider.length).toBeGreaterThan(0);
      expect(typeof model.modelId).toBe('string');
      expect(Number.isInteger(model.maxEmbeddingsPerCall) && model.maxEmbeddingsPerCall >= 1).toBe(
        true,
      );
    });

    it('returns one vector per value with the declared dimensions, finite values', async () => {
      const model = await options.createModel();
      const vectors = await embedMany(model, TEXTS);
      expect(vectors).toHaveLength(TEXTS.length);
      const dimensions = model.dimensions ?? vectors[0]!.length;
      for (const vector of vectors) {
        expect(vector).toBeInstanceOf(Float32Array);
        expect(vector).toHaveLength(dimensions);
        expect(Array.from(vector).every(Number.isFinite)).toBe(true);
      }
    });

    it.runIf(unitNorm)('returns unit-length vectors for non-empty text', async () => {
      const model = await options.createModel();
      for (const vector of await embedMany(model, TEXTS)) expect(norm(vector)).toBeCloseTo(1, 3);
    });

    it('is deterministic: the same text gives the same vector', async () => {
      const first = await embedMany(await options.createModel(), [TEXTS[0]!]);
      const second = await embedMany(await options.createModel(), [TEXTS[0]!]);
      expect(cosine(first[0]!, second[0]!)).toBeGreaterThan(0.9999);
    });

    it('keeps batch order: a batch equals the values embedded one by one', async () => {
      const model = await options.createModel();
      const batch = await embedMany(model, TEXTS);
      for (const [position, text] of TEXTS.entries()) {
        const [single] = await embedMany(model, [text]);
        expect(cosine(batch[position]!, single!)).toBeGreaterThan(0.9999);
      }
      expect(cosine(batch[0]!, batch[1]!)).toBeLessThan(0.9999);
    });

    it('accepts an empty string', async () => {
      const model = await options.createModel();
      const [vector] = await embedMany(model, ['']);
      expect(vector).toHaveLength(model.dimensions ?? vector!.length);
      expect(Array.from(vector!).every(Number.isFinite)).toBe(true);
    });

    it('embeds CJK text into distinct, non-zero vectors', async () => {
      const model = await options.createModel();
      const [first, second] = await embedMany(model, ['如何安全发布新版本', '写一首关于秋天的诗']);
      expect(norm(first!)).toBeGreaterThan(0);
      expect(cosine(first!, second!)).toBeLessThan(0.9999);
    });

    it('embeds more values than maxEmbeddingsPerCall through embedMany, in order', async () => {
      const model = await options.createModel();
      const count = Math.min(model.maxEmbeddingsPerCall + 3, 5000);
      const values = Array.from(
        { length: count },
        (_, index) => `item number ${index} ${'x'.repeat(index % 7)}`,
      );
      const vectors = await embedMany(model, values);
      expect(vectors).toHaveLength(count);
      const [last] = await embedMany(model, [values[count - 1]!]);
      expect(cosine(vectors[count - 1]!, last!)).toBeGreaterThan(0.9999);
    });

    it('rejects a call whose abort signal is already aborted', async () => {
      const model = await options.createModel();
      const error = await model
        .doEmbed({ values: [TEXTS[0]!], abortSignal: AbortSignal.abort() })
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );
      expect(error).toBeInstanceOf(Error);
      expect(['AbortedError', 'AbortError']).toContain((error as Error).name);
    });
  });
}

function norm(vector: Float32Array): number {
  return Math.sqrt(cosine(vector, vector));
}

function cosine(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}
