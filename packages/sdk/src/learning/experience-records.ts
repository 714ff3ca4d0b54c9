import type { ChatMessage, ExperienceEvent } from '@autoskill/core';

/** One run or conversation to learn from: its messages (tool calls kept) and event records. */
export interface ExperienceRecord {
  messages: ChatMessage[];
  events: ExperienceEvent[];
  /** The record's own `id`, when it has one (for reports). */
  id?: string;
}

const MESSAGE_KEYS = [
  'messages',
  'conversation',
  'dialogue',
  'history',
  'chat_history',
  'finalMessages',
];
const EVENT_KEYS = ['events', 'trace', 'trajectory', 'steps', 'actions', 'tool_calls', 'tools'];
const REQUEST_KEYS = ['body', 'request', 'input', 'payload'];
const WRAPPER_KEYS = [
  'data',
  'items',
  'records',
  'conversations',
  'dialogues',
  'samples',
  'trajectories',
  'runs',
  'episodes',
  'dataset',
];
const TASK_KEYS = ['task', 'goal', 'instruction', 'query', 'prompt', 'user_query', 'question'];
const ANSWER_KEYS = ['final_answer', 'answer', 'output', 'response', 'result_text'];
const FEEDBACK_KEYS = ['user_feedback', 'feedback', 'revision_request'];
const MAX_DEPTH = 8;

/**
 * Finds every run or conversation inside a JSON value, the way the original's trajectory loader
 * meant to: a message list (tool calls and tool results kept); a record with messages
 * (`messages|conversation|dialogue|history|chat_history|finalMessages`) and/or events
 * (`events|trace|trajectory|steps|actions|tool_calls|tools`), whose sparse fields become turns
 * (`task|goal|instruction|query|prompt` → the user's request, `final_answer|output|response` → the
 * answer, `feedback` → a feedback event) and whose `success|task_success|objective_met|status|
 * result.success` becomes an outcome event; request logs (`{request: {messages}, response}`);
 * wrappers (`data|items|records|conversations|trajectories|runs|…`) and lists of any of these.
 */
export function collectExperienceRecords(value: unknown, depth = 0): ExperienceRecord[] {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isMessage))
      return [{ messages: value.map(toMessage), events: [] }];
    return value.flatMap((item) => collectExperienceRecords(item, depth + 1));
  }
  const record = value as Record<string, unknown>;
  for (const key of REQUEST_KEYS) {
    const inner = record[key] as Record<string, unknown> | undefined;
    if (inner && typeof inner === 'object' && Array.isArray(inner.messages))
      return collectExperienceRecords(
        { ...inner, ...(record.response !== undefined ? { response: record.response } : {}) },
        depth + 1,
      );
  }
  const found = recordOf(record);
  if (found) return [found];
  const wrappers = WRAPPER_KEYS.filter((key) => key in record);
  return (wrappers.length > 0 ? wrappers : Object.keys(record)).flatMap((key) =>
    collectExperienceRecords(record[key], depth + 1),
  );
}

function recordOf(record: Record<string, unknown>): ExperienceRecord | undefined {
  let messages: ChatMessage[] | undefined;
  let events: ExperienceEvent[] = [];
  for (const key of MESSAGE_KEYS) {
    const list = record[key];
    if (Array.isArray(list) && list.length > 0 && list.every(isMessage)) {
      messages = list.map(toMessage);
      break;
    }
  }
  for (const key of EVENT_KEYS) {
    const list = record[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    // Some logs keep the whole run as messages under `trajectory` or `steps`.
    if (!messages && list.every(isMessage)) messages = list.map(toMessage);
    else if (list.every(isObject)) events = [...events, ...(list as ExperienceEvent[])];
  }
  if (!messages && events.length === 0) return undefined;
  const turns = messages ?? [];
  const task = firstString(record, TASK_KEYS);
  if (task && !turns.some((message) => message.role === 'user'))
    turns.unshift({ role: 'user', content: task });
  const answer = firstString(record, ANSWER_KEYS) ?? responseText(record.response);
  if (answer && turns.at(-1)?.role !== 'assistant')
    turns.push({ role: 'assistant', content: answer });
  const feedback = firstString(record, FEEDBACK_KEYS);
  if (feedback) events.push({ type: 'feedback', feedback });
  const success = successOf(record);
  if (success !== undefined) events.push({ type: 'outcome', success });
  return {
    messages: turns,
    events,
    ...(typeof record.id === 'string' || typeof record.id === 'number'
      ? { id: String(record.id) }
      : {}),
  };
}

/** The run's outcome (the original's `_parse_success`): a boolean flag, a status word, or `result.success`. */
function successOf(record: Record<string, unknown>): boolean | undefined {
  for (const key of ['success', 'task_success', 'objective_met', 'succeeded'])
    if (typeof record[key] === 'boolean') return record[key] as boolean;
  const result = record.result as { success?: unknown } | undefined;
  if (result && typeof result === 'object' && typeof result.success === 'boolean')
    return result.success;
  if (typeof record.status === 'string') {
    if (/^(?:success|succeeded|successful|ok|done|completed|passed|resolved)$/i.test(record.status))
      return true;
    if (
      /^(?:fail|failed|failure|error|errored|aborted|timeout|cancelled|canceled)$/i.test(
        record.status,
      )
    )
      return false;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessage(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.role === 'string' &&
    ('content' in value || 'tool_calls' in value || 'text' in value)
  );
}

/** A message as given (tool calls, ids and names kept); `text` is read as `content`. */
function toMessage(value: unknown): ChatMessage {
  const message = value as Record<string, unknown>;
  const content = message.content ?? message.text ?? null;
  const { text: _text, ...rest } = message;
  return {
    ...rest,
    role: message.role as string,
    content:
      typeof content === 'string' || Array.isArray(content) || content === null
        ? (content as ChatMessage['content'])
        : JSON.stringify(content),
  };
}

function firstString(record: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function responseText(response: unknown): string | undefined {
  if (!isObject(response)) return undefined;
  const choices = response.choices as Array<{ message?: { content?: unknown } }> | undefined;
  const content = choices?.[0]?.message?.content ?? response.output_text;
  return typeof content === 'string' && content.trim() ? content : undefined;
}
