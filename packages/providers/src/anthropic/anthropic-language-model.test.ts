import { AutoSkillError, generateText, streamText } from '@autoskill/core';
import {
  type FakeVendorServer,
  fakeError,
  fakeReply,
  startFakeAnthropic,
} from '@autoskill/test-vendors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';

const API_KEY = 'sk-ant-test-0123456789';
const noSleep = async () => {};
let fake: FakeVendorServer;

beforeEach(async () => {
  fake = await startFakeAnthropic({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

function model(settings: { timeoutMs?: number; streamIdleTimeoutMs?: number } = {}) {
  return createAnthropicProvider({
    apiKey: API_KEY,
    baseUrl: fake.url,
    env: {},
    ...settings,
  }).languageModel('claude-haiku-4-5');
}

describe('Anthropic language model (real @anthropic-ai/sdk against a fake server)', () => {
  it('maps system prompts to the system field and merges turns', async () => {
    fake.script(fakeReply('Bonjour', { usage: { inputTokens: 9, outputTokens: 1 } }));
    const result = await generateText({
      model: model(),
      system: 'Answer in French.',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: [{ type: 'text', text: 'Anyone there?' }] },
      ],
      maxTokens: 50,
      temperature: 0,
      responseFormat: { type: 'json' },
    });
    expect(result).toEqual({
      text: 'Bonjour',
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 1, totalTokens: 10 },
    });
    const request = fake.requests[0]!;
    expect(request.path).toBe('/v1/messages');
    expect(
      request.headers['x-api-key'] ?? request.headers.authorization?.replace('Bearer ', ''),
    ).toBe(API_KEY);
    expect(request.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      temperature: 0,
      stream: false,
      system: expect.stringMatching(
        /^Answer in French\.\n\nBe brief\.\n\nReply with one JSON value only/,
      ),
      messages: [{ role: 'user', content: 'Hello\n\nAnyone there?' }],
    });
  });

  it('sends a default max_tokens and starts with a user turn', async () => {
    await generateText({
      model: model(),
      messages: [
        { role: 'assistant', content: 'Earlier answer' },
        { role: 'user', content: 'Go on' },
      ],
    });
    expect(fake.requests[0]?.body).toMatchObject({
      max_tokens: 4096,
      messages: [
        { role: 'user', content: '(conversation start)' },
        { role: 'assistant', content: 'Earlier answer' },
        { role: 'user', content: 'Go on' },
      ],
    });
  });

  it('maps the SSE event sequence to text deltas, usage and finish reason', async () => {
    fake.script(fakeReply('Streaming from Claude', { usage: { inputTokens: 5, outputTokens: 3 } }));
    const result = streamText({ model: model(), prompt: 'stream' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('Streaming from Claude');
    expect(await result.usage).toEqual({ inputTokens: 5, outputTokens: 3, totalTokens: 8 });
    expect(await result.finishReason).toBe('stop');
  });

  it('reports max_tokens as a length finish', async () => {
    fake.script(fakeReply('cut', { finishReason: 'max_tokens' }));
    expect((await generateText({ model: model(), prompt: 'x' })).finishReason).toBe('length');
  });

  it('retries a 429 then succeeds; does not retry a 401', async () => {
    fake.script(
      fakeError(429, 'Number of requests has exceeded your rate limit'),
      fakeReply('ok now'),
    );
    expect((await generateText({ model: model(), prompt: 'x', sleep: noSleep })).text).toBe(
      'ok now',
    );
    expect(fake.requests).toHaveLength(2);

    fake.reset();
    fake.script(fakeError(401, 'invalid x-api-key'));
    const error = await generateText({ model: model(), prompt: 'x', sleep: noSleep }).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({
      code: 'PROVIDER_CALL_ERROR',
      statusCode: 401,
      isRetryable: false,
    });
    expect(error.message).toBe('anthropic: HTTP 401 authentication_error: invalid x-api-key');
    expect(fake.requests).toHaveLength(1);
  });

  it('treats 529 overloaded as retryable', async () => {
    fake.script(fakeError(529, 'Overloaded'), fakeReply('back'));
    expect((await generateText({ model: model(), prompt: 'x', sleep: noSleep })).text).toBe('back');
  });

  it('ends a cut stream with a clean ProviderCallError', async () => {
    fake.script({ kind: 'cut-stream', text: 'abcdefghijklmnopqrstuvwxyz', afterChunks: 2 });
    const result = streamText({ model: model(), prompt: 'x', sleep: noSleep });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const delta of result.textStream) seen.push(delta);
    })().catch((caught) => caught);
    expect(seen.join('')).toBe('abcdefgh');
    expect(AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR')).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a stalled stream after streamIdleTimeoutMs', async () => {
    fake.script({ kind: 'cut-stream', text: 'abcdefghijklmnop', afterChunks: 1, mode: 'stall' });
    const result = streamText({
      model: model({ streamIdleTimeoutMs: 300 }),
      prompt: 'x',
      maxRetries: 0,
    });
    await expect(result.text).rejects.toThrow(
      'anthropic: no data for 300 ms while streaming (stalled)',
    );
  });

  it('times out on a slow server and honours abort', async () => {
    fake.script({ kind: 'slow', delayMs: 5000 });
    await expect(
      generateText({ model: model({ timeoutMs: 200 }), prompt: 'x', maxRetries: 0 }),
    ).rejects.toThrow('anthropic: no response within 200 ms (timeout)');
    fake.script({ kind: 'slow', delayMs: 5000 });
    const controller = new AbortController();
    const pending = generateText({ model: model(), prompt: 'x', abortSignal: controller.signal });
    while (fake.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('has no embeddings and needs a key', () => {
    const provider = createAnthropicProvider({ apiKey: API_KEY, env: {} });
    expect(() => provider.embeddingModel()).toThrow(
      expect.objectContaining({ code: 'NO_SUCH_MODEL' }),
    );
    expect(() => createAnthropicProvider({ env: {} })).toThrow(/set ANTHROPIC_API_KEY/);
    expect(
      createAnthropicProvider({ env: { ANTHROPIC_API_KEY: 'from-env-123' } }).languageModel()
        .modelId,
    ).toBe('claude-sonnet-4-6');
  });
});
