import { generateText, streamText } from '@autoskill/core';
import {
  type FakeVendorServer,
  fakeError,
  fakeReply,
  startFakeDashScope,
  startFakeGlm,
  startFakeInternLM,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import { afterEach, describe, expect, it } from 'vitest';
import { findLanguageProvider } from '../provider-catalog';
import {
  createDashScopeProvider,
  createGenericProvider,
  createGlmProvider,
  createInternLMProvider,
} from './openai-compatible-presets';
import { createOpenAIProvider } from './openai-provider';

let fake: FakeVendorServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fetch that records the URL and headers and answers like a chat endpoint, without any network. */
function recordingFetch() {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const body = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const ask = { messages: [{ role: 'user', content: 'hi' }] };

describe('OpenAI-compatible presets', () => {
  it.each([
    [
      'openai',
      () => createOpenAIProvider,
      'OPENAI_API_KEY',
      'https://api.openai.com/v1/chat/completions',
      'gpt-4o-mini',
    ],
    [
      'dashscope',
      () => createDashScopeProvider,
      'DASHSCOPE_API_KEY',
      'https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions',
      'qwen-plus',
    ],
    [
      'glm',
      () => createGlmProvider,
      'ZHIPUAI_API_KEY',
      'https://open.bigmodel.cn/api/paas/v4/chat/completions',
      'glm-4.7',
    ],
    [
      'internlm',
      () => createInternLMProvider,
      'INTERNLM_API_KEY',
      'https://chat.intern-ai.org.cn/api/v1/chat/completions',
      'intern-s1-pro',
    ],
  ])(
    '%s: default base URL, model and key variable',
    async (name, factory, variable, url, modelId) => {
      const { fetch, calls } = recordingFetch();
      const provider = factory()({ fetch, env: { [variable]: `key-from-${variable}` } });
      const model = provider.languageModel();
      expect(model).toMatchObject({ provider: name, modelId });
      await model.doGenerate(ask);
      expect(calls).toEqual([{ url, authorization: `Bearer key-from-${variable}` }]);
      expect(findLanguageProvider(name)).toMatchObject({
        defaultModel: modelId,
        apiKeyEnv: expect.arrayContaining([variable]),
      });
    },
  );

  it('fails clearly when the key is missing, naming the variables', () => {
    expect(() => createGlmProvider({ env: {} })).toThrow(
      /glm needs an API key: set ZHIPUAI_API_KEY or BIGMODEL_API_KEY or pass --llm-api-key/,
    );
  });

  it('DashScope answers under /compatible-mode/v1 with max_tokens', async () => {
    fake = await startFakeDashScope({ apiKey: 'dashscope-key-123' });
    const model = createDashScopeProvider({
      apiKey: 'dashscope-key-123',
      baseUrl: fake.url,
    }).languageModel();
    const result = await generateText({ model, prompt: 'hi', maxTokens: 100 });
    expect(result.text).toBe('Fake reply to: hi');
    expect(fake.requests[0]).toMatchObject({
      path: '/compatible-mode/v1/chat/completions',
      body: { model: 'qwen-plus', max_tokens: 100 },
    });
  });

  it('GLM signs an id.secret key into the JWT BigModel checks, reuses it, and streams without stream_options', async () => {
    fake = await startFakeGlm({ signedKey: 'glm-id.glm-secret' });
    const provider = createGlmProvider({ apiKey: 'glm-id.glm-secret', baseUrl: fake.url });
    const model = provider.languageModel();
    const result = streamText({ model, prompt: 'hello there' });
    expect(await result.text).toBe('Fake reply to: hello there');
    expect(fake.requests[0]?.path).toBe('/api/paas/v4/chat/completions');
    expect(fake.requests[0]?.body).not.toHaveProperty('stream_options');
    const [sent] = fake.requests.map((request) => request.headers.authorization);
    expect(sent).toMatch(/^Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(sent).not.toContain('glm-secret');
    // Embeddings go through the same signed token; the token is cached, not signed per request.
    await provider.embeddingModel().doEmbed({ values: ['a text'] });
    expect(fake.requests[1]?.headers.authorization).toBe(sent);
  });

  it('GLM sends a key without a dot as is', async () => {
    fake = await startFakeGlm({ apiKey: 'plainglmkey123' });
    const model = createGlmProvider({
      apiKey: 'plainglmkey123',
      baseUrl: fake.url,
    }).languageModel();
    expect((await generateText({ model, prompt: 'hi' })).text).toBe('Fake reply to: hi');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer plainglmkey123');
  });

  it('the fake GLM server refuses the raw id.secret key and a token signed with another secret', async () => {
    fake = await startFakeGlm({ signedKey: 'glm-id.glm-secret' });
    for (const apiKey of ['glm-id.glm-secret', 'glm-id.other-secret']) {
      const model = createGlmProvider({
        apiKey,
        baseUrl: fake.url,
        bearerToken: apiKey.endsWith('other-secret') ? undefined : (key) => key,
      }).languageModel();
      await expect(generateText({ model, prompt: 'hi', maxRetries: 0 })).rejects.toMatchObject({
        statusCode: 401,
      });
    }
  });

  it('InternLM sends thinking_mode and turns it off for good when the server rejects it', async () => {
    fake = await startFakeInternLM();
    const model = createInternLMProvider({
      apiKey: 'intern-key-123',
      baseUrl: fake.url,
    }).languageModel();
    fake.script(
      fakeError(400, 'Unsupported parameter: thinking_mode'),
      fakeReply('without thinking'),
    );
    expect(model.thinkingModeStatus()).toEqual({
      supported: true,
      requested: true,
      effective: true,
      autoDisabled: false,
    });
    const first = await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect(first.text).toBe('without thinking');
    expect(
      fake.requests.map((request) => (request.body as Record<string, unknown>).thinking_mode),
    ).toEqual([true, undefined]);
    expect(model.thinkingModeStatus()).toEqual({
      supported: true,
      requested: true,
      effective: false,
      autoDisabled: true,
    });
    await generateText({ model, prompt: 'again' });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]?.body).not.toHaveProperty('thinking_mode');
  });

  it('InternLM keeps other 400s as errors and can be switched off', async () => {
    fake = await startFakeInternLM();
    const model = createInternLMProvider({
      apiKey: 'intern-key-123',
      baseUrl: fake.url,
    }).languageModel();
    fake.script(fakeError(400, 'messages must not be empty'));
    await expect(generateText({ model, prompt: 'hi' })).rejects.toMatchObject({ statusCode: 400 });
    expect(model.thinkingModeStatus().autoDisabled).toBe(false);

    const off = createInternLMProvider({
      apiKey: 'intern-key-123',
      baseUrl: fake.url,
      thinkingMode: false,
    }).languageModel();
    await generateText({ model: off, prompt: 'hi' });
    expect(fake.requests.at(-1)?.body).toMatchObject({ thinking_mode: false });
  });

  it('generic requires a base URL (no hidden default) and a model', () => {
    expect(() => createGenericProvider({ env: {} })).toThrow(/generic needs a base URL/);
    const provider = createGenericProvider({ baseUrl: 'http://127.0.0.1:9/v1', env: {} });
    expect(() => provider.languageModel()).toThrow(/no default chat model: pass --llm-model/);
  });

  it('generic works without a key and then sends no Authorization header', async () => {
    fake = await startFakeOpenAI();
    const model = createGenericProvider({ baseUrl: fake.url, env: {} }).languageModel('llama3');
    await generateText({ model, prompt: 'hi', responseFormat: { type: 'json' } });
    expect(fake.requests[0]?.headers).not.toHaveProperty('authorization');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'llama3' });
    expect(fake.requests[0]?.body).not.toHaveProperty('response_format');
  });

  it('rejects malformed settings', () => {
    expect(() => createOpenAIProvider({ apiKey: 'k-123456', baseUrl: 'ftp://x' })).toThrow(
      /http\(s\) URL/,
    );
    expect(() => createOpenAIProvider({ apiKey: 'k-123456', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createOpenAIProvider({ apiKey: 'k-123456', maxRetries: -1 })).toThrow(
      /maxRetries/,
    );
  });
});
