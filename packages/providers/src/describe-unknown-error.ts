import { AbortedError, AutoSkillError, ProviderCallError } from '@autoskill/core';
import { redactSecrets } from './redact-secrets';

/** Context every SDK error mapper needs. */
export interface ErrorContext {
  /** Provider id for the message prefix (`openai`, `dashscope`…). */
  provider: string;
  /** Values to scrub from every message (the API key, a signed token). */
  secrets: ReadonlyArray<string | undefined>;
  abortSignal?: AbortSignal;
  timeoutMs?: number;
}

const MAX_MESSAGE_LENGTH = 500;

/** Cuts and scrubs a vendor-supplied message. */
export function cleanMessage(message: string, context: ErrorContext): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const short =
    oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH)}…` : oneLine;
  return redactSecrets(short, context.secrets);
}

/**
 * The part of error mapping both SDKs share: AutoSkill errors pass through, an aborted signal
 * wins, and anything unknown (a socket reset while streaming, a parse error) becomes a
 * retryable `ProviderCallError` without its stack.
 */
export function mapCommonError(error: unknown, context: ErrorContext): AutoSkillError | undefined {
  if (AutoSkillError.isInstance(error)) return error;
  if (context.abortSignal?.aborted)
    return new AbortedError(undefined, { cause: context.abortSignal.reason });
  return undefined;
}

/** An error that is not an HTTP error: network failure, connection reset, malformed stream. */
export function networkError(
  error: unknown,
  context: ErrorContext,
  what = 'the request failed',
): ProviderCallError {
  const detail = describeCause(error);
  return new ProviderCallError({
    provider: context.provider,
    message: cleanMessage(`${what}${detail ? `: ${detail}` : ''}`, context),
    isRetryable: true,
  });
}

/** The innermost useful message of an error chain, e.g. `terminated (other side closed)`. */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
    current = current.cause;
  }
  return parts.join(' / ');
}
