import { describe, expect, it } from 'vitest';
import { AutoSkillError } from '../errors/autoskill-error';
import { ProviderCallError } from '../errors/errors';
import { MockLanguageModel } from '../testing/index';
import { generateText } from './generate-text';

const noSleep = async () => {};

describe('generateText', () => {
  it('sends system and prompt and returns text, finish reason and usage', async () => {
    const model = new MockLanguageModel({ responses: 'Hello there' });
    const result = await generateText({
      model,
      system: 'Be brief.',
      prompt: 'Hi',
      temperature: 0,
      maxTokens: 50,
    });
    expect(result).toEqual({
      text: 'Hello there',
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    });
    expect(model.calls[0]).toMatchObject({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0,
      maxTokens: 50,
    });
  });

  it('rejects both or neither of prompt and messages', async () => {
    const model = new MockLanguageModel();
    await expect(generateText({ model })).rejects.toThrow(/exactly one of `prompt/);
    await expect(
      generateText({ model, prompt: 'a', messages: [{ role: 'user', content: 'b' }] }),
    ).rejects.toThrow(/exactly one/);
    await expect(generateText({ model, messages: [] })).rejects.toThrow(/non-empty array/);
  });

  it('retries retryable provider errors with growing delays, then succeeds', async () => {
    const model = new MockLanguageModel({
      responses: [
        {
          error: new ProviderCallError({ provider: 'x', message: 'rate limited', statusCode: 429 }),
        },
        { error: new ProviderCallError({ provider: 'x', message: 'down', statusCode: 503 }) },
        'ok',
      ],
    });
    const delays: number[] = [];
    const result = await generateText({
      model,
      prompt: 'hi',
      sleep: async (ms) => void delays.push(ms),
    });
    expect(result.text).toBe('ok');
    expect(model.calls).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(500);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[1]).toBeGreaterThanOrEqual(1000);
    expect(delays[1]).toBeLessThanOrEqual(2000);
  });

  it('does not retry a 401 and gives up after maxRetries', async () => {
    const unauthorized = new MockLanguageModel({
      responses: {
        error: new ProviderCallError({ provider: 'x', message: 'bad key', statusCode: 401 }),
      },
    });
    await expect(
      generateText({ model: unauthorized, prompt: 'hi', sleep: noSleep }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_CALL_ERROR',
      statusCode: 401,
    });
    expect(unauthorized.calls).toHaveLength(1);

    const down = new MockLanguageModel({
      responses: {
        error: new ProviderCallError({ provider: 'x', message: 'down', statusCode: 500 }),
      },
    });
    await expect(
      generateText({ model: down, prompt: 'hi', maxRetries: 1, sleep: noSleep }),
    ).rejects.toThrow(/down/);
    expect(down.calls).toHaveLength(2);
  });

  it('does not retry errors that are not provider errors', async () => {
    const model = new MockLanguageModel({ responses: [{ error: new TypeError('bug') }, 'ok'] });
    await expect(generateText({ model, prompt: 'hi', sleep: noSleep })).rejects.toThrow('bug');
    expect(model.calls).toHaveLength(1);
  });

  it('returns AbortedError promptly even when the model ignores the signal', async () => {
    const hanging = new MockLanguageModel({ responses: () => new Promise<string>(() => {}) });
    const controller = new AbortController();
    const pending = generateText({ model: hanging, prompt: 'hi', abortSignal: controller.signal });
    await Promise.resolve();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('throws AbortedError for an aborted signal, also during the backoff', async () => {
    const model = new MockLanguageModel();
    const controller = new AbortController();
    controller.abort();
    const error = await generateText({ model, prompt: 'hi', abortSignal: controller.signal }).catch(
      (caught) => caught,
    );
    expect(AutoSkillError.hasCode(error, 'ABORTED')).toBe(true);

    const failing = new MockLanguageModel({
      responses: {
        error: new ProviderCallError({ provider: 'x', message: 'busy', statusCode: 429 }),
      },
    });
    const during = new AbortController();
    const pending = generateText({
      model: failing,
      prompt: 'hi',
      abortSignal: during.signal,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          during.abort();
          signal?.addEventListener('abort', () => reject(new Error('aborted in sleep')));
          if (signal?.aborted) reject(new Error('aborted in sleep'));
        }),
    });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(failing.calls).toHaveLength(1);
  });
});
