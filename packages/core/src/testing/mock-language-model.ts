import { AbortedError, InvalidArgumentError } from '../errors/errors';
import { messageText } from '../experience/experience';
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
  LanguageModelUsage,
} from '../spec/language-model';

/** One scripted reply: a string, a full result, or a failure (optionally after some chunks). */
export type MockLanguageModelReply =
  | string
  | {
      text?: string;
      finishReason?: LanguageModelFinishReason;
      usage?: LanguageModelUsage;
      /** Thrown by `doGenerate`; thrown by the stream after `failAfterChunks` chunks. */
      error?: unknown;
      /** With `error`: how many chunks `doStream` yields before failing. Default 0 (the call fails). */
      failAfterChunks?: number;
    };

/** Information a reply function gets about the call it answers. */
export interface MockLanguageModelCall {
  /** 0-based index of this call across `doGenerate` and `doStream`. */
  index: number;
  method: 'doGenerate' | 'doStream';
  options: LanguageModelCallOptions;
}

export interface MockLanguageModelOptions {
  provider?: string;
  modelId?: string;
  /**
   * What the model answers: one reply for every call, an array consumed in order (the last one
   * repeats), or a function of the call. Default: `'mock response'`.
   */
  responses?:
    | MockLanguageModelReply
    | MockLanguageModelReply[]
    | ((call: MockLanguageModelCall) => MockLanguageModelReply | Promise<MockLanguageModelReply>);
  /** Characters per streamed `text-delta`. Default 8. */
  chunkSize?: number;
}

/**
 * A deterministic scripted `LanguageModel` for tests. Records every call in `calls`; streams
 * replies in fixed-size chunks; honours abort signals with `AbortedError`.
 *
 * @example
 * const model = new MockLanguageModel({ responses: ['{"skills": []}'] });
 * await generateText({ model, prompt: 'hi' }); // text: '{"skills": []}'
 * model.calls[0].messages; // [{ role: 'user', content: 'hi' }]
 */
export class MockLanguageModel implements LanguageModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  /** Options of every call, in order (`doGenerate` and `doStream` alike). */
  readonly calls: LanguageModelCallOptions[] = [];
  readonly doGenerateCalls: LanguageModelCallOptions[] = [];
  readonly doStreamCalls: LanguageModelCallOptions[] = [];
  private readonly responses: NonNullable<MockLanguageModelOptions['responses']>;
  private readonly chunkSize: number;

  constructor(options: MockLanguageModelOptions = {}) {
    const chunkSize = options.chunkSize ?? 8;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new InvalidArgumentError(
        'chunkSize',
        `expected an integer >= 1, got ${String(chunkSize)}`,
      );
    }
    if (Array.isArray(options.responses) && options.responses.length === 0) {
      throw new InvalidArgumentError('responses', 'expected at least one reply, e.g. ["{}"]');
    }
    this.provider = options.provider ?? 'mock';
    this.modelId = options.modelId ?? 'mock-model';
    this.responses = options.responses ?? 'mock response';
    this.chunkSize = chunkSize;
  }

  async doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelResult> {
    const reply = await this.nextReply('doGenerate', options);
    if (reply.error !== undefined) throw reply.error;
    return { text: reply.text, finishReason: reply.finishReason, usage: reply.usage };
  }

  async doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
    const reply = await this.nextReply('doStream', options);
    if (reply.error !== undefined && reply.failAfterChunks === 0) throw reply.error;
    const chunks = splitIntoChunks(reply.text, this.chunkSize);
    const { abortSignal } = options;
    async function* stream(): AsyncGenerator<LanguageModelStreamPart> {
      for (const [index, chunk] of chunks.entries()) {
        if (reply.error !== undefined && index === reply.failAfterChunks) throw reply.error;
        if (abortSignal?.aborted) throw new AbortedError(undefined, { cause: abortSignal.reason });
        // Yield to the event loop so consumers and abort handlers interleave as with a real stream.
        await Promise.resolve();
        yield { type: 'text-delta', delta: chunk };
      }
      if (reply.error !== undefined) throw reply.error;
      yield { type: 'finish', finishReason: reply.finishReason, usage: reply.usage };
    }
    return { stream: stream() };
  }

  private async nextReply(
    method: MockLanguageModelCall['method'],
    options: LanguageModelCallOptions,
  ) {
    if (options.abortSignal?.aborted)
      throw new AbortedError(undefined, { cause: options.abortSignal.reason });
    const index = this.calls.length;
    this.calls.push(options);
    (method === 'doGenerate' ? this.doGenerateCalls : this.doStreamCalls).push(options);
    const { responses } = this;
    const raw =
      typeof responses === 'function'
        ? await responses({ index, method, options })
        : Array.isArray(responses)
          ? responses[Math.min(index, responses.length - 1)]!
          : responses;
    const reply = typeof raw === 'string' ? { text: raw } : raw;
    const text = reply.text ?? '';
    const inputTokens = countTokens(
      [options.system ?? '', ...options.messages.map(messageText)].join(' '),
    );
    const outputTokens = countTokens(text);
    return {
      text,
      finishReason: reply.finishReason ?? (reply.error !== undefined ? 'error' : 'stop'),
      usage: reply.usage ?? { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      error: reply.error,
      failAfterChunks: reply.failAfterChunks ?? 0,
    };
  }
}

/** Whitespace-separated words: a stable stand-in for a tokenizer. */
function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function splitIntoChunks(text: string, size: number): string[] {
  const characters = Array.from(text);
  const chunks: string[] = [];
  for (let index = 0; index < characters.length; index += size) {
    chunks.push(characters.slice(index, index + size).join(''));
  }
  return chunks;
}
