import { readFile } from 'node:fs/promises';
import { type ChatMessage, InvalidArgumentError, messageText } from '@autoskill/core';

const MESSAGE_KEYS = ['messages', 'conversation', 'dialogue', 'history', 'chat_history'];
const REQUEST_KEYS = ['body', 'request', 'input', 'payload'];
const WRAPPER_KEYS = ['data', 'items', 'records', 'conversations', 'dialogues', 'samples'];
const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/**
 * Reads OpenAI-format conversation files: a JSON document or JSON lines, holding message lists,
 * `{messages: [...]}` records, request logs (`{request: {messages}, response: {choices}}`) or
 * wrappers of those. Bad JSONL lines are reported, not fatal.
 */
export async function readConversationFile(
  file: string,
): Promise<{ conversations: ChatMessage[][]; errors: Array<{ index: number; error: string }> }> {
  const { documents, errors } = await readJsonDocuments(file);
  const conversations: ChatMessage[][] = [];
  for (const document of documents) collectConversations(document, conversations, 0);
  return { conversations, errors };
}

/**
 * The JSON values of a file: one JSON document, or one per line of JSON lines (bad lines are
 * listed with their line number, not fatal). A file that is neither is an error.
 */
export async function readJsonDocuments(
  file: string,
): Promise<{ documents: unknown[]; errors: Array<{ index: number; error: string }> }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InvalidArgumentError('file', `${JSON.stringify(file)} cannot be read`);
  }
  const errors: Array<{ index: number; error: string }> = [];
  try {
    return { documents: [JSON.parse(text)], errors };
  } catch {
    const documents: unknown[] = [];
    for (const [index, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      try {
        documents.push(JSON.parse(line));
      } catch {
        errors.push({ index: index + 1, error: 'line is not valid JSON' });
      }
    }
    if (documents.length === 0)
      throw new InvalidArgumentError(
        'file',
        `${JSON.stringify(file)} holds neither JSON nor JSON lines`,
      );
    return { documents, errors };
  }
}

/** Finds every conversation inside a JSON value (see readConversationFile). */
export function collectConversations(value: unknown, out: ChatMessage[][], depth: number): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isMessageLike)) {
      const messages = value.map(toMessage).filter((message) => messageText(message).trim() !== '');
      if (messages.length) out.push(messages);
      return;
    }
    for (const item of value) collectConversations(item, out, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of MESSAGE_KEYS) {
    if (Array.isArray(record[key]) && (record[key] as unknown[]).every(isMessageLike)) {
      const messages = (record[key] as unknown[]).map(toMessage);
      const reply = responseText(record.response);
      if (reply && messages[messages.length - 1]?.role !== 'assistant')
        messages.push({ role: 'assistant', content: reply });
      out.push(messages.filter((message) => messageText(message).trim() !== ''));
      return;
    }
  }
  for (const key of REQUEST_KEYS) {
    const inner = record[key] as Record<string, unknown> | undefined;
    if (inner && typeof inner === 'object' && Array.isArray(inner.messages)) {
      collectConversations({ messages: inner.messages, response: record.response }, out, depth + 1);
      return;
    }
  }
  const wrappers = WRAPPER_KEYS.filter((key) => key in record);
  for (const key of wrappers.length ? wrappers : Object.keys(record))
    collectConversations(record[key], out, depth + 1);
}

function isMessageLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    ('content' in value || 'text' in value) &&
    ('role' in value || 'text' in value)
  );
}

function toMessage(value: unknown): ChatMessage {
  const record = value as Record<string, unknown>;
  const role = typeof record.role === 'string' && ROLES.has(record.role) ? record.role : 'user';
  const content = record.content ?? record.text ?? '';
  return {
    role,
    content:
      typeof content === 'string' || Array.isArray(content)
        ? (content as ChatMessage['content'])
        : JSON.stringify(content),
  };
}

function responseText(response: unknown): string | undefined {
  if (!response || typeof response !== 'object') return undefined;
  const record = response as {
    choices?: Array<{ message?: { content?: unknown } }>;
    output_text?: unknown;
  };
  const content = record.choices?.[0]?.message?.content ?? record.output_text;
  return typeof content === 'string' ? content : undefined;
}
