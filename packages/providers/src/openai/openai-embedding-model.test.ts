import { embedMany } from '@autoskill/core';
import {
  type FakeVendorServer,
  fakeError,
  fakeVector,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashScopeProvider } from './openai-compatible-presets';
import { createOpenAIProvider } from './openai-provider';

const API_KEY = 'sk-test-embeddings-0123456789';
let fake: FakeVendorServer;

beforeEach(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY, maxEmbeddingInputs: 10 });
});
afterEach(async () => {
  await fake.close();
});

const texts = Array.from({ length: 25 }, (_, index) => `text number ${index}`);

describe('OpenAI-compatible embedding model (real openai SDK against a fake server)', () => {
  it('batches by maxEmbeddingsPerCall: ceil(n / batch) requests, vectors in input order', async () => {
    const provider = createOpenAIProvider({
      apiKey: API_KEY,
      baseUrl: fake.url,
      maxEmbeddingsPerCall: 10,
    });
    expect(provider.embeddingModel().modelId).toBe('text-embedding-3-small');
    expect(provider.embeddingModel().dimensions).toBe(1536);
    const model = provider.embeddingModel('fake-embedding');
    expect(model.dimensions).toBeUndefined();
    const vectors = await embedMany(model, texts);
    expect(fake.requests).toHaveLength(3);
    expect(
      fake.requests.map((request) => (request.body as { input: string[] }).input.length),
    ).toEqual([10, 10, 5]);
    // OpenAI: the SDK asks for base64 and decodes it.
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(vectors).toHaveLength(25);
    expect(Array.from(vectors[13]!)).toEqual(fakeVector('text number 13', 8));
  });

  it('DashScope: text-embedding-v4, 1024 dims, float, at most 10 per request', async () => {
    const model = createDashScopeProvider({ apiKey: API_KEY, baseUrl: fake.url }).embeddingModel();
    expect(model).toMatchObject({
      provider: 'dashscope',
      modelId: 'text-embedding-v4',
      maxEmbeddingsPerCall: 10,
      dimensions: 1024,
    });
    const vectors = await embedMany(model, texts);
    expect(fake.requests).toHaveLength(Math.ceil(25 / 10));
    expect(fake.requests[0]?.body).toMatchObject({
      model: 'text-embedding-v4',
      dimensions: 1024,
      encoding_format: 'float',
    });
    expect(vectors[0]).toHaveLength(1024);
    expect(Array.from(vectors[24]!)).toEqual(fakeVector('text number 24', 1024));
  });

  it('splits an oversized direct doEmbed call itself and replaces empty strings', async () => {
    const model = createDashScopeProvider({ apiKey: API_KEY, baseUrl: fake.url }).embeddingModel();
    const result = await model.doEmbed({ values: ['', ...texts.slice(0, 11)] });
    expect(result.embeddings).toHaveLength(12);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.body).toMatchObject({ input: expect.arrayContaining([' ']) });
    expect((fake.requests[0]!.body as { input: string[] }).input[0]).toBe(' ');
  });

  it('cuts inputs longer than embeddingMaxInputUnits in the middle', async () => {
    const model = createOpenAIProvider({
      apiKey: API_KEY,
      baseUrl: fake.url,
      embeddingMaxInputUnits: 100,
    }).embeddingModel('fake-embedding');
    const long = Array.from({ length: 500 }, (_, index) => `word${index}`).join(' ');
    await model.doEmbed({ values: [long, 'short text'] });
    const [sent, short] = (fake.requests[0]!.body as { input: string[] }).input;
    expect(sent!.startsWith('word0 word1')).toBe(true);
    expect(sent!.endsWith('word498 word499')).toBe(true);
    expect(sent!.split(' ').length).toBeLessThan(120);
    expect(short).toBe('short text');
  });

  it('retries a 429 by default and does not retry a 401', async () => {
    const model = createDashScopeProvider({ apiKey: API_KEY, baseUrl: fake.url }).embeddingModel();
    fake.script(fakeError(429, 'Throttling.RateQuota'));
    expect((await model.doEmbed({ values: ['a'] })).embeddings).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);

    fake.reset();
    fake.script(fakeError(401, 'Invalid API-key provided.'));
    await expect(model.doEmbed({ values: ['a'] })).rejects.toMatchObject({
      code: 'PROVIDER_CALL_ERROR',
      statusCode: 401,
      message: 'dashscope: HTTP 401: Invalid API-key provided.',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('times out and honours abort', async () => {
    const model = createDashScopeProvider({
      apiKey: API_KEY,
      baseUrl: fake.url,
      timeoutMs: 150,
      maxRetries: 0,
    }).embeddingModel();
    fake.script({ kind: 'slow', delayMs: 5000 });
    await expect(model.doEmbed({ values: ['a'] })).rejects.toThrow(
      'dashscope: no response within 150 ms (timeout)',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(
      model.doEmbed({ values: ['a'], abortSignal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
