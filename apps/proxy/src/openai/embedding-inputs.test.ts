import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import { embeddingTexts } from './embedding-inputs';

describe('/v1/embeddings with token-array input', () => {
  describe('AutoSkill’s offline hashing embedder', () => {
    let fixture: ProxyFixture;
    let client: OpenAI;
    beforeAll(async () => {
      fixture = await startFixture({ config: { extractMode: 'never' } });
      client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    });
    afterAll(() => fixture.close());

    it('embeds number[][] and number[] as bags of token ids, the same ids to the same vector', async () => {
      const many = await client.embeddings.create({
        model: 'any',
        input: [
          [15339, 1917, 0],
          [15339, 1917, 4],
        ],
      });
      expect(many.data.map((entry) => entry.index)).toEqual([0, 1]);
      expect(many.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
      const one = await client.embeddings.create({ model: 'any', input: [15339, 1917, 0] });
      expect(one.data).toHaveLength(1);
      expect(one.data[0]?.embedding).toEqual(many.data[0]?.embedding);
      expect(one.data[0]?.embedding).not.toEqual(many.data[1]?.embedding);
      expect(one.data[0]?.embedding.length).toBeGreaterThan(0);
    });

    it.each([
      ['an empty token array', [[]]],
      ['negative token ids', [[-1, 2]]],
      ['mixed texts and tokens', ['text', [1, 2]]],
    ])('refuses %s with 400 naming input', async (_what, input) => {
      const response = await fetch(`${fixture.proxy.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ type: 'invalid_request_error' });
    });
  });

  it('refuses token arrays for an embedding model that would read ids as words', () => {
    expect(() => embeddingTexts([[1, 2]], 'openai')).toThrow(/--embeddings-source upstream/);
    expect(embeddingTexts(['a b', 'c'], 'openai')).toEqual({ texts: ['a b', 'c'], tokens: 3 });
  });

  describe('an OpenAI-compatible upstream (--embeddings-source upstream)', () => {
    let fixture: ProxyFixture;
    let client: OpenAI;
    beforeAll(async () => {
      fixture = await startFixture({ config: { extractMode: 'never', embeddings: 'upstream' } });
      client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    });
    afterAll(() => fixture.close());

    it('passes token arrays to the vendor as they are', async () => {
      const result = await client.embeddings.create({
        model: 'text-embedding-3-small',
        input: [[15339, 1917]],
        encoding_format: 'float',
      });
      expect(result.data).toHaveLength(1);
      expect(fixture.vendor?.requests.at(-1)?.body).toMatchObject({ input: [[15339, 1917]] });
    });
  });
});
