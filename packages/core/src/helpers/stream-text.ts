import { AbortedError, InvalidArgumentError } from '../errors/errors';
import type {
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelStreamPart,
  LanguageModelUsage,
} from '../spec/language-model';
import { raceWithAbort, toAbortAwareError } from './abort';
import { type PromptOptions, toCallOptions } from './prompt-options';
import { abortableSleep, backoffDelay, isRetryableError } from './retry-with-backoff';

export type StreamTextOptions = PromptOptions;

export interface StreamTextResult {
  /** Text deltas only. Throws the stream's error, if any. */
  textStream: AsyncIterable<string>;
  /** Every part: `text-delta`s, then one `finish` or one `error` part. Never throws. */
  fullStream: AsyncIterable<LanguageModelStreamPart>;
  /** The whole text once the stream has ended; rejects with the stream's error. */
  text: Promise<string>;
  usage: Promise<LanguageModelUsage>;
  finishReason: Promise<LanguageModelFinishReason>;
}

/**
 * Streams text from a language model. The call starts at once; `textStream`, `fullStream`,
 * `text` and `usage` can each be consumed (several times, too). Retryable provider errors are
 * retried only before the first part arrives: once text was streamed, a failure ends the
 * stream with an `error` part (a retry would repeat text the caller already showed).
 *
 * @example
 * const result = streamText({ model, prompt: 'Tell me a story' });
 * for await (const delta of result.textStream) process.stdout.write(delta);
 */
export function streamText(options: StreamTextOptions): StreamTextResult {
  const callOptions = toCallOptions(options);
  const maxRetries = options.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidArgumentError(
      'maxRetries',
      `expected an integer >= 0, got ${String(maxRetries)}`,
    );
  }
  const buffer = new PartBuffer();
  const done = pump(options, callOptions, buffer);

  const text = done.then(() => buffer.text());
  const usage = done.then(() => buffer.finish().usage ?? {});
  const finishReason = done.then(() => buffer.finish().finishReason);
  // Callers often read only one of these; the others must not become unhandled rejections.
  for (const promise of [text, usage, finishReason]) promise.catch(() => {});

  return {
    textStream: {
      async *[Symbol.asyncIterator]() {
        for await (const part of buffer.read()) {
          if (part.type === 'text-delta') yield part.delta;
          else if (part.type === 'error') throw part.error;
        }
      },
    },
    fullStream: { [Symbol.asyncIterator]: () => buffer.read() },
    text,
    usage,
    finishReason,
  };
}

async function pump(
  options: StreamTextOptions,
  callOptions: LanguageModelCallOptions,
  buffer: PartBuffer,
): Promise<void> {
  const { abortSignal } = callOptions;
  const maxRetries = options.maxRetries ?? 2;
  const sleep = options.sleep ?? abortableSleep;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if (abortSignal?.aborted) throw new AbortedError(undefined, { cause: abortSignal.reason });
        const { stream } = await raceWithAbort(options.model.doStream(callOptions), abortSignal);
        for await (const part of stream) {
          if (abortSignal?.aborted)
            throw new AbortedError(undefined, { cause: abortSignal.reason });
          if (part.type === 'error') throw part.error;
          buffer.push(part);
          if (part.type === 'finish') break;
        }
        if (abortSignal?.aborted) throw new AbortedError(undefined, { cause: abortSignal.reason });
        if (!buffer.hasFinish()) buffer.push({ type: 'finish', finishReason: 'other' });
        buffer.close();
        return;
      } catch (error) {
        const normalized = toAbortAwareError(error, abortSignal);
        // Nothing reached the caller yet (the call or the first read failed): safe to start over.
        if (buffer.size() === 0 && attempt < maxRetries && isRetryableError(normalized)) {
          await sleep(backoffDelay(attempt), abortSignal).catch((sleepError: unknown) => {
            throw toAbortAwareError(sleepError, abortSignal);
          });
          continue;
        }
        throw normalized;
      }
    }
  } catch (error) {
    buffer.fail(toAbortAwareError(error, abortSignal));
    throw toAbortAwareError(error, abortSignal);
  }
}

/** Append-only part log that any number of readers can replay from the start. */
class PartBuffer {
  private readonly parts: LanguageModelStreamPart[] = [];
  private closed = false;
  private waiters: Array<() => void> = [];

  size(): number {
    return this.parts.length;
  }

  hasFinish(): boolean {
    return this.parts.some((part) => part.type === 'finish');
  }

  push(part: LanguageModelStreamPart): void {
    this.parts.push(part);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.parts.push({ type: 'error', error });
    this.close();
  }

  text(): string {
    return this.parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
  }

  finish(): Extract<LanguageModelStreamPart, { type: 'finish' }> {
    const part = this.parts.find((candidate) => candidate.type === 'finish');
    return (
      (part as Extract<LanguageModelStreamPart, { type: 'finish' }>) ?? {
        type: 'finish',
        finishReason: 'other',
      }
    );
  }

  async *read(): AsyncGenerator<LanguageModelStreamPart> {
    let index = 0;
    while (true) {
      if (index < this.parts.length) {
        yield this.parts[index++]!;
      } else if (this.closed) {
        return;
      } else {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
