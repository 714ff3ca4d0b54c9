import { AutoSkillError, generateText, streamText } from '@autoskill/core';
import {
  type FakeVendorServer,
  fakeError,
  fakeReply,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from './openai-provider';

const API_KEY = 'sk-test-openai-0123456789';
const noSleep = async () => {};
let fake: FakeVendorServer;

beforeEach(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});
afterEach(async () => {
  await fake.close();
});

function model(
  settings: { timeoutMs?: number; maxRetries?: number; streamIdleTimeoutMs?: number } = {},
) {
  return createOpenAIProvider({ apiKey: API_KEY, baseUrl: fake.url, ...settings }).languageModel(
    'gpt-4o-mini',
  );
}

describe('OpenAI language model (real openai SDK against a fake server)', () => {
  it('generates text and sends system, messages, options and the key', async () => {
    fake.script(fakeReply('Hello from the fake', { usage: { inputTokens: 7, outputTokens: 4 } }));
    const result = await generateText({
      model: model(),
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Say hi again' },
      ],
      temperature: 0.2,
      maxTokens: 64,
      responseFormat: { type: 'json' },
      stop: ['END'],
    });
    expect(result).toEqual({
      text: 'Hello from the fake',
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11 },
    });
    const request = fake.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      stream: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Say hi again' },
      ],
      temperature: 0.2,
      max_completion_tokens: 64,
      stop: ['END'],
      response_format: { type: 'json_object' },
    });
  });

  it('streams text deltas, usage (include_usage chunk) and the finish reason', async () => {
    fake.script(fakeReply('The quick brown fox jumps'));
    const result = streamText({ model: model(), prompt: 'story please' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('The quick brown fox jumps');
    expect(await result.usage).toEqual({ inputTokens: 2, outputTokens: 5, totalTokens: 7 });
    expect(await result.finishReason).toBe('stop');
    expect(fake.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('reports tool calls as the finish reason of a stream', async () => {
    fake.script(fakeReply('', { toolCalls: [{ name: 'search', arguments: '{"q":"skills"}' }] }));
    const result = streamText({ model: model(), prompt: 'find' });
    expect(await result.text).toBe('');
    expect(await result.finishReason).toBe('tool-calls');
  });

  it('retries a 429 and then succeeds (core helper retries, SDK retries off)', async () => {
    fake.script(fakeError(429, 'Rate limit reached'), fakeReply('after the limit'));
    const result = await generateText({ model: model(), prompt: 'x', sleep: noSleep });
    expect(result.text).toBe('after the limit');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual([
      '0',
      '0',
    ]);
  });

  it('retries a 500 inside doGenerate when the provider setting asks for it', async () => {
    fake.script(fakeError(500, 'The server had an error'), fakeReply('recovered'));
    const result = await model({ maxRetries: 1 }).doGenerate({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.text).toBe('recovered');
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry a 401 and says what the vendor said, with the status', async () => {
    fake.script(fakeError(401, 'Incorrect API key provided.'));
    const error = await generateText({ model: model(), prompt: 'x', sleep: noSleep }).catch(
      (caught) => caught,
    );
    expect(AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR')).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false, provider: 'openai' });
    expect(error.message).toBe('openai: HTTP 401: Incorrect API key provided.');
    expect(fake.requests).toHaveLength(1);
  });

  it('ends a stream cut mid-way with a clean ProviderCallError after the text so far', async () => {
    fake.script({ kind: 'cut-stream', text: 'abcdefghijklmnopqrstuvwxyz', afterChunks: 2 });
    const result = streamText({ model: model(), prompt: 'x', sleep: noSleep });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const delta of result.textStream) seen.push(delta);
    })().catch((caught) => caught);
    expect(seen.join('')).toBe('abcdefgh');
    expect(AutoSkillError.hasCode(error, 'PROVIDER_CALL_ERROR')).toBe(true);
    expect(error.message).toMatch(/^openai: the connection broke while reading the response/);
    expect(error.stack).not.toContain('undici');
    // Text was already streamed: no retry.
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a stream that stalls mid-way after streamIdleTimeoutMs instead of hanging', async () => {
    fake.script({ kind: 'cut-stream', text: 'abcdefghijklmnop', afterChunks: 1, mode: 'stall' });
    const result = streamText({
      model: model({ streamIdleTimeoutMs: 300 }),
      prompt: 'x',
      maxRetries: 0,
    });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(parts[0]).toEqual({ type: 'text-delta', delta: 'abcd' });
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'PROVIDER_CALL_ERROR' } });
    expect(String((parts.at(-1) as { error: Error }).error.message)).toBe(
      'openai: no data for 300 ms while streaming (stalled)',
    );
  });

  it('times out on a slow server with a ProviderCallError', async () => {
    fake.script({ kind: 'slow', delayMs: 5000 });
    const error = await generateText({
      model: model({ timeoutMs: 200 }),
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_CALL_ERROR', isRetryable: true });
    expect(error.message).toBe('openai: no response within 200 ms (timeout)');
  });

  it('passes the abort signal through: AbortedError, request cancelled', async () => {
    fake.script({ kind: 'slow', delayMs: 5000 });
    const controller = new AbortController();
    const pending = generateText({ model: model(), prompt: 'x', abortSignal: controller.signal });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });

    fake.script(fakeReply('a long answer that keeps going and going'));
    const streaming = new AbortController();
    const stream = streamText({ model: model(), prompt: 'x', abortSignal: streaming.signal });
    const error = await (async () => {
      for await (const _delta of stream.textStream) streaming.abort();
    })().catch((caught) => caught);
    expect(AutoSkillError.hasCode(error, 'ABORTED')).toBe(true);
  });
});
