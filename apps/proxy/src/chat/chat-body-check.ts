import type { ChatCompletionBody } from './chat-schemas';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True when `body` certainly passes the `chatCompletionBody` validator, checked by hand: zod
 * copies every object of the body, which costs more than the rest of a small chat request.
 * Anything else goes through zod, which says what is wrong.
 */
export function isValidChatBody(body: Record<string, unknown>): body is ChatCompletionBody {
  const { model, messages, stream, stream_options: streamOptions, user, tools } = body;
  if (model !== undefined && (typeof model !== 'string' || model === '')) return false;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (!isObject(message) || typeof message.role !== 'string' || message.role === '') return false;
    const { content } = message;
    if (content === undefined || content === null || typeof content === 'string') continue;
    if (!Array.isArray(content)) return false;
    for (const part of content) if (!isObject(part) || typeof part.type !== 'string') return false;
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') return false;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!isObject(streamOptions)) return false;
    const includeUsage = streamOptions.include_usage;
    if (includeUsage !== undefined && typeof includeUsage !== 'boolean') return false;
  }
  if (user !== undefined && typeof user !== 'string') return false;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return false;
    for (const tool of tools) if (!isObject(tool) || typeof tool.type !== 'string') return false;
  }
  return true;
}
