import type { ExperienceEvent } from '@autoskill/core';

// Only the head of a result is read: a long successful output (a file, search results) may
// mention "error" anywhere, a failure says so first.
const HEAD_CHARACTERS = 240;
const ERROR_TEXT =
  /^\s*(?:error|err!?|exception|traceback|fatal|failed|failure|panic)\b|\b(?:[A-Z][A-Za-z]*Error|Exception)\b\s*[:(]|\berror\s*[:[]|\bcommand failed\b|\bpermission denied\b|\bno such file\b|\bnot found\b|\btimed out\b|\bexit (?:code|status):? [1-9]|\bnon-zero exit\b|\b[45]\d\d (?:bad request|unauthorized|forbidden|not found|conflict|internal server error)\b|错误|失败|异常/i;

/**
 * Whether a tool result reads as a failure, and its first line if so. An explicit flag (an
 * Anthropic `is_error`, an event's `status`) wins; a JSON result with `error`, `ok: false`,
 * `success: false`, a failed `status` or a non-zero `exit_code` is a failure; otherwise the head
 * of the text is matched against common error shapes.
 */
export function resultStatus(
  content: unknown,
  explicit?: boolean,
): { ok: boolean; error?: string } {
  const text = textOf(content);
  if (explicit === false) return { ok: true };
  if (explicit === true) return { ok: false, error: firstLine(text) || 'failed' };
  const parsed = parseObject(text);
  if (parsed) {
    const failed =
      (parsed.error !== undefined && parsed.error !== null && parsed.error !== false) ||
      parsed.ok === false ||
      parsed.success === false ||
      parsed.is_error === true ||
      (typeof parsed.exit_code === 'number' && parsed.exit_code !== 0) ||
      (typeof parsed.status === 'string' && FAILED_STATUS.test(parsed.status));
    if (!failed) return { ok: true };
    const message =
      typeof parsed.error === 'string' ? parsed.error : textOf(parsed.message) || text;
    return { ok: false, error: firstLine(message) || 'failed' };
  }
  const head = text.slice(0, HEAD_CHARACTERS);
  if (!ERROR_TEXT.test(head)) return { ok: true };
  const line = head.split(/\r?\n/).find((candidate) => ERROR_TEXT.test(candidate)) ?? head;
  return { ok: false, error: firstLine(line) || 'failed' };
}

const FAILED_STATUS = /^(?:error|errored|failed|failure|fail|exception|timeout|timed_out)$/i;
const SUCCESS_STATUS =
  /^(?:ok|success|succeeded|successful|done|completed|complete|passed|resolved)$/i;
const OUTCOME_TYPE =
  /outcome|result|run_?end|task_?end|episode_?end|final|finish|completion|verdict/i;

/**
 * The outcome an event states about the whole run: `{success|task_success|objective_met: bool}`,
 * or an outcome-typed event (`type: "outcome" | "run_end" | …`) with a success/failure `status`.
 */
export function outcomeOfEvent(event: ExperienceEvent): boolean | undefined {
  for (const key of ['task_success', 'objective_met', 'success'])
    if (typeof event[key] === 'boolean') return event[key] as boolean;
  const typed = [event.type, event.kind, event.event].some(
    (value) => typeof value === 'string' && OUTCOME_TYPE.test(value),
  );
  if (!typed) return undefined;
  const status = event.status ?? event.outcome ?? event.result;
  if (typeof status === 'boolean') return status;
  if (typeof status !== 'string') return undefined;
  if (SUCCESS_STATUS.test(status)) return true;
  if (FAILED_STATUS.test(status) || /^(?:aborted|cancelled|canceled|gave_up)$/i.test(status))
    return false;
  return undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === 'string' ? part : textOf((part as { text?: unknown })?.text)))
      .join('\n');
  if (content && typeof content === 'object') {
    try {
      return JSON.stringify(content);
    } catch {
      return '';
    }
  }
  return content === undefined || content === null ? '' : String(content);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim()) ?? '';
  const trimmed = line.trim();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}…` : trimmed;
}
