import { type ChatMessage, type ExperienceEvent, messageText } from '@autoskill/core';
import { outcomeOfEvent, resultStatus } from './tool-result-status';

/** One tool call of a run and what came back. */
export interface ToolStep {
  tool: string;
  /** The call's arguments (a non-JSON argument string is kept as `{ input }`). */
  args: Record<string, unknown>;
  /** False when the result reads as an error. A call without a result counts as done. */
  ok: boolean;
  /** The first line of the error, when the step failed. */
  error?: string;
}

/** A tool-using run read from OpenAI messages and/or event records. */
export interface Trajectory {
  steps: ToolStep[];
  /** An explicit outcome from an event (`{type: "outcome", success: false}`), if any. */
  outcome?: boolean;
  /** The user's turns, in order. */
  userTexts: string[];
  /** The last assistant text after the last tool result (the run's final answer), if any. */
  finalAnswer?: string;
  /** The user's turn after the final answer (feedback on the run), if any. */
  closingUserText?: string;
}

/** A pending call: the index of its step, matched to its result by id (or in order). */
interface PendingCall {
  id?: string;
  step: number;
}

/**
 * Reads the tool steps of a run: OpenAI `tool_calls` with `tool` results (and the legacy
 * `function_call` / `function`), Anthropic-style `tool_use` / `tool_result` content parts, and
 * event records with a tool name (`{tool, arguments, status, error}`). Undefined when the input
 * holds no tool step at all (a plain conversation).
 */
export function readTrajectory(input: {
  messages?: ChatMessage[];
  events?: ExperienceEvent[];
}): Trajectory | undefined {
  const steps: ToolStep[] = [];
  const pending: PendingCall[] = [];
  const userTexts: string[] = [];
  let finalAnswer: string | undefined;
  let closingUserText: string | undefined;
  const settle = (id: string | undefined, content: unknown, isError?: boolean) => {
    const at = id ? pending.findIndex((call) => call.id === id) : 0;
    const call = pending.splice(Math.max(at, 0), 1)[0];
    if (!call) return;
    const status = resultStatus(content, isError);
    steps[call.step] = { ...steps[call.step]!, ...status };
    finalAnswer = undefined;
    closingUserText = undefined;
  };
  const open = (tool: unknown, args: unknown, id?: unknown) => {
    if (typeof tool !== 'string' || !tool.trim()) return;
    steps.push({ tool: tool.trim(), args: parseArgs(args), ok: true });
    pending.push({ ...(typeof id === 'string' ? { id } : {}), step: steps.length - 1 });
  };

  for (const message of input.messages ?? []) {
    if (!message || typeof message !== 'object') continue;
    const parts = Array.isArray(message.content) ? message.content : [];
    if (message.role === 'assistant') {
      for (const call of asArray(message.tool_calls)) {
        const fn = (call as { function?: { name?: unknown; arguments?: unknown } }).function;
        open(fn?.name, fn?.arguments, (call as { id?: unknown }).id);
      }
      const legacy = message.function_call as { name?: unknown; arguments?: unknown } | undefined;
      if (legacy) open(legacy.name, legacy.arguments);
      for (const part of parts) if (part?.type === 'tool_use') open(part.name, part.input, part.id);
      const text = messageText(message).trim();
      if (text && steps.length > 0) finalAnswer = text;
    } else if (message.role === 'tool' || message.role === 'function') {
      settle(
        typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined,
        message.content,
      );
    } else if (message.role === 'user') {
      const results = parts.filter((part) => part?.type === 'tool_result');
      for (const part of results)
        settle(
          typeof part.tool_use_id === 'string' ? part.tool_use_id : undefined,
          part.content,
          part.is_error === true,
        );
      const text = messageText(message).trim();
      if (!text) continue;
      userTexts.push(text);
      if (finalAnswer !== undefined) closingUserText = text;
    }
  }

  let outcome: boolean | undefined;
  for (const event of input.events ?? []) {
    if (!event || typeof event !== 'object' || Array.isArray(event)) continue;
    const step = stepOfEvent(event);
    if (step) {
      steps.push(step);
      continue;
    }
    const eventOutcome = outcomeOfEvent(event);
    if (eventOutcome !== undefined) outcome = eventOutcome;
  }
  if (steps.length === 0) return undefined;
  return {
    steps,
    ...(outcome !== undefined ? { outcome } : {}),
    userTexts,
    ...(finalAnswer ? { finalAnswer } : {}),
    ...(closingUserText ? { closingUserText } : {}),
  };
}

/** Index of the first message that calls a tool (-1 when none does). */
export function firstToolCallIndex(messages: ChatMessage[]): number {
  return messages.findIndex(
    (message) =>
      message?.role === 'assistant' &&
      (asArray(message.tool_calls).length > 0 ||
        message.function_call !== undefined ||
        (Array.isArray(message.content) &&
          message.content.some((part) => part?.type === 'tool_use'))),
  );
}

const TOOL_EVENT_TYPE = /^(?:tool|tool_?call|tool_?use|function_?call|action|step|command)$/i;

/** A tool step from an event record: `{tool|tool_name, arguments|args|input|params, status|ok|error, output}`. */
function stepOfEvent(event: ExperienceEvent): ToolStep | undefined {
  const tool =
    stringOf(event.tool) ??
    stringOf(event.tool_name) ??
    stringOf((event.function as { name?: unknown } | undefined)?.name) ??
    (typeof event.type === 'string' && TOOL_EVENT_TYPE.test(event.type)
      ? (stringOf(event.name) ?? stringOf(event.action))
      : undefined) ??
    // `{name, arguments}` (a bare tool call, as in a record's `tool_calls` list).
    (event.arguments !== undefined || event.args !== undefined ? stringOf(event.name) : undefined);
  if (!tool) return undefined;
  const args =
    event.arguments ??
    event.args ??
    event.input ??
    event.params ??
    event.parameters ??
    (event.function as { arguments?: unknown } | undefined)?.arguments;
  const status = resultStatus(
    event.error ?? event.output ?? event.result ?? event.observation ?? '',
    eventFailed(event),
  );
  return { tool, args: parseArgs(args), ...status };
}

/** Explicit failure markers of a tool event (`status: "error"`, `ok: false`, `error: "…"`, exit code ≠ 0). */
function eventFailed(event: ExperienceEvent): boolean | undefined {
  if (typeof event.error === 'string' && event.error.trim()) return true;
  if (event.ok === false || event.success === false || event.is_error === true) return true;
  if (typeof event.exit_code === 'number' && event.exit_code !== 0) return true;
  const status = event.status ?? event.outcome;
  if (typeof status === 'string')
    return /^(?:error|errored|failed|failure|fail|exception|timeout|timed_out)$/i.test(status)
      ? true
      : /^(?:ok|success|succeeded|done|completed|passed)$/i.test(status)
        ? false
        : undefined;
  if (event.ok === true || event.success === true) return false;
  return undefined;
}

function parseArgs(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // Not JSON: the raw argument string is the one parameter.
    }
    return { input: value };
  }
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { input: value };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value.filter((item) => item && typeof item === 'object') : [];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
