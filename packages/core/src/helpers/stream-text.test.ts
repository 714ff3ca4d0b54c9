import { describe, expect, it } from 'vitest';
import { ProviderCallError } from '../errors/errors';
import type { LanguageModelStreamPart } from '../spec/language-model';
import { MockLanguageModel } from '../testing/index';
import { streamText } from './stream-text';

const noSleep = async () => {};

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('streamText', () => {
  it('streams deltas and resolves text, usage and finish reason', async () => {
    const model = new MockLanguageModel({ responses: 'The quick brown fox', chunkSize: 5 });
    const result = streamText({ model, prompt: 'go' });
    expect(await collect(result.textStream)).toEqual(['The q', 'uick ', 'brown', ' fox']);
    expect(await result.text).toBe('The quick brown fox');
    expect(await result.usage).toEqual({ inputTokens: 1, outputTokens: 4, totalTokens: 5 });
    expect(await result.finishReason).toBe('stop');
    // A second reader sees the same parts.
    const parts = await collect(result.fullStream);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('retries a retryable failure before the first byte', async () => {
    const model = new MockLanguageModel({
      responses: [
        { error: new ProviderCallError({ provider: 'x', message: 'busy', statusCode: 429 }) },
        'fine',
      ],
    });
    const result = streamText({ model, prompt: 'go', sleep: noSleep });
    expect(await result.text).toBe('fine');
    expect(model.calls).toHaveLength(2);
  });

  it('never retries after text was streamed: the error ends the stream', async () => {
    const cut = new ProviderCallError({
      provider: 'x',
      message: 'connection reset',
      statusCode: 502,
    });
    const model = new MockLanguageModel({
      responses: [
        { text: 'abcdefghijklmnop', error: cut, failAfterChunks: 1 },
        'should not be used',
      ],
      chunkSize: 4,
    });
    const result = streamText({ model, prompt: 'go', sleep: noSleep });
    const parts: LanguageModelStreamPart[] = await collect(result.fullStream);
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'abcd' },
      { type: 'error', error: cut },
    ]);
    await expect(result.text).rejects.toThrow('connection reset');
    await expect(collect(result.textStream)).rejects.toThrow('connection reset');
    expect(model.calls).toHaveLength(1);
  });

  it('ends with AbortedError when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const model = new MockLanguageModel({ responses: 'one two three four five six', chunkSize: 3 });
    const result = streamText({ model, prompt: 'go', abortSignal: controller.signal });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const delta of result.textStream) {
          seen.push(delta);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen.length).toBeLessThan(9);
    await expect(result.usage).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('validates options synchronously', () => {
    const model = new MockLanguageModel();
    expect(() => streamText({ model, prompt: 'x', maxRetries: -1 })).toThrow(/maxRetries/);
  });
});
