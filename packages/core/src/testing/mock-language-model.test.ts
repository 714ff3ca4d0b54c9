import { describe, expect, it } from 'vitest';
import type { LanguageModelStreamPart } from '../spec/language-model';
import { MockLanguageModel } from './mock-language-model';

const call = { messages: [{ role: 'user', content: 'hello world' }] };

async function collect(iterable: AsyncIterable<LanguageModelStreamPart>) {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

describe('MockLanguageModel', () => {
  it('consumes an array of replies in order and repeats the last', async () => {
    const model = new MockLanguageModel({ responses: ['a', 'b'] });
    const texts = [];
    for (let index = 0; index < 3; index++) texts.push((await model.doGenerate(call)).text);
    expect(texts).toEqual(['a', 'b', 'b']);
    expect(model.calls).toHaveLength(3);
  });

  it('answers with a function of the call', async () => {
    const model = new MockLanguageModel({
      responses: ({ index, method, options }) =>
        `${method}#${index}: ${String(options.messages[0]?.content)}`,
    });
    expect((await model.doGenerate(call)).text).toBe('doGenerate#0: hello world');
    const parts = await collect((await model.doStream(call)).stream);
    expect(
      parts
        .filter((part) => part.type === 'text-delta')
        .map((part) => (part as { delta: string }).delta)
        .join(''),
    ).toBe('doStream#1: hello world');
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('streams in chunks of chunkSize code points and ends with a finish part', async () => {
    const model = new MockLanguageModel({ responses: '你好世界abc', chunkSize: 3 });
    const parts = await collect((await model.doStream(call)).stream);
    expect(parts).toEqual([
      { type: 'text-delta', delta: '你好世' },
      { type: 'text-delta', delta: '界ab' },
      { type: 'text-delta', delta: 'c' },
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 2, outputTokens: 1, totalTokens: 3 },
      },
    ]);
  });

  it('simulates failures on the call and in the middle of a stream', async () => {
    const failing = new MockLanguageModel({ responses: { error: new Error('boom') } });
    await expect(failing.doGenerate(call)).rejects.toThrow('boom');
    await expect(failing.doStream(call)).rejects.toThrow('boom');

    const cut = new MockLanguageModel({
      responses: { text: 'abcdef', error: new Error('cut'), failAfterChunks: 1 },
      chunkSize: 2,
    });
    const { stream } = await cut.doStream(call);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const part of stream) if (part.type === 'text-delta') seen.push(part.delta);
      })(),
    ).rejects.toThrow('cut');
    expect(seen).toEqual(['ab']);
  });

  it('rejects an aborted call and bad options', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new MockLanguageModel().doGenerate({ ...call, abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(() => new MockLanguageModel({ responses: [] })).toThrow(/at least one reply/);
    expect(() => new MockLanguageModel({ chunkSize: 0 })).toThrow(/chunkSize/);
  });
});
