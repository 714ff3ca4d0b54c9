import type { Readable } from 'node:stream';
import { SseParser } from '../sse/sse-parser';
import { BodyIdleTimeoutError, BodyTooLargeError } from './node-transport';

/** An error event inside a stream that was collected into one answer (`data` is its JSON text). */
export class StreamedErrorEvent extends Error {
  override name = 'StreamedErrorEvent';
  constructor(readonly data: string) {
    super('the upstream stream carried an error event');
  }
}

/**
 * One `chat.completion` rebuilt from SSE chunks: only used when an upstream streams the answer
 * to a request that did not ask for a stream. Rejects with `StreamedErrorEvent` on an error event,
 * with `BodyIdleTimeoutError` when the stream is silent for `idleTimeoutMs`, and with
 * `BodyTooLargeError` past `maxBytes` (the stream is destroyed in each case).
 */
export async function collectCompletion(
  stream: Readable,
  options: { idleTimeoutMs?: number; maxBytes?: number } = {},
): Promise<Record<string, unknown>> {
  const { idleTimeoutMs, maxBytes = Number.POSITIVE_INFINITY } = options;
  const parser = new SseParser();
  let text = '';
  let size = 0;
  let last: Record<string, unknown> = {};
  const idle =
    idleTimeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stream.destroy(
            new BodyIdleTimeoutError(
              `upstream sent nothing for ${idleTimeoutMs} ms while sending its answer`,
            ),
          );
        }, idleTimeoutMs);
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      idle?.refresh();
      size += chunk.length;
      if (size > maxBytes)
        throw new BodyTooLargeError(`the upstream answer is larger than ${maxBytes} bytes`);
      for (const event of parser.push(chunk)) {
        if (event.data === '[DONE]') continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          // Not a JSON chunk: skip it.
          continue;
        }
        if (parsed.error) throw new StreamedErrorEvent(event.data);
        last = parsed;
        const delta = (last.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]
          ?.delta?.content;
        if (typeof delta === 'string') text += delta;
      }
    }
  } finally {
    clearTimeout(idle);
  }
  return {
    ...last,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
}
