import type { Readable } from 'node:stream';
import { SseParser } from '../sse/sse-parser';

/**
 * One `chat.completion` rebuilt from SSE chunks: only used when an upstream streams the answer
 * to a request that did not ask for a stream.
 */
export async function collectCompletion(stream: Readable): Promise<Record<string, unknown>> {
  const parser = new SseParser();
  let text = '';
  let last: Record<string, unknown> = {};
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    for (const event of parser.push(chunk)) {
      if (event.data === '[DONE]') continue;
      try {
        last = JSON.parse(event.data);
        const delta = (last.choices as Array<{ delta?: { content?: string } }> | undefined)?.[0]
          ?.delta?.content;
        if (typeof delta === 'string') text += delta;
      } catch {
        // Not a JSON chunk: skip it.
      }
    }
  }
  return {
    ...last,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
}
