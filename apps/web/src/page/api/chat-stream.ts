import { apiFetch } from './client';
import { readSse } from './sse';

/** What a streamed chat turn produced. */
export interface ChatTurnResult {
  content: string;
  traceId: string | null;
  stopped: boolean;
}

/**
 * Sends the conversation to `/v1/chat/completions` with `stream: true` (the same route any OpenAI
 * client uses) and calls `onDelta` with the text so far. Aborting keeps the partial answer.
 */
export async function streamChat(options: {
  messages: Array<{ role: string; content: string }>;
  model: string;
  /** `X-AutoSkill-*` turn settings (scope, top_k, min_score, rewrite and extract mode). */
  headers?: Record<string, string>;
  signal: AbortSignal;
  onDelta: (text: string) => void;
}): Promise<ChatTurnResult> {
  const response = await apiFetch('/v1/chat/completions', {
    json: { model: options.model, messages: options.messages, stream: true },
    headers: options.headers ?? {},
    signal: options.signal,
  });
  const traceId = response.headers.get('x-autoskill-trace-id');
  let content = '';
  try {
    await readSse(response.body as ReadableStream<Uint8Array>, (message) => {
      if (message.data === '[DONE]') return;
      const chunk = JSON.parse(message.data) as {
        choices?: Array<{ delta?: { content?: string | null } }>;
        error?: { message?: string };
      };
      if (chunk.error) throw new Error(chunk.error.message ?? 'the stream failed');
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        content += delta;
        options.onDelta(content);
      }
    });
  } catch (error) {
    if (options.signal.aborted) return { content, traceId, stopped: true };
    throw error;
  }
  return { content, traceId, stopped: false };
}
