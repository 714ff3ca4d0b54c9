import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { AbortedError, type AutoSkillError, ProviderCallError } from '@autoskill/core';
import {
  cleanMessage,
  type ErrorContext,
  mapCommonError,
  networkError,
} from '../describe-unknown-error';

/**
 * Maps anything `@anthropic-ai/sdk` (or the network under it) throws to an AutoSkill error:
 * `AbortedError` for aborts, `ProviderCallError` with the vendor's status and message for the
 * rest (an `overloaded_error` 529 is retryable). The only place Anthropic error shapes are known.
 */
export function mapAnthropicError(error: unknown, context: ErrorContext): AutoSkillError {
  const common = mapCommonError(error, context);
  if (common) return common;
  if (error instanceof APIUserAbortError) return new AbortedError();
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderCallError({
      provider: context.provider,
      message: `no response within ${context.timeoutMs ?? '?'} ms (timeout)`,
      isRetryable: true,
    });
  }
  if (error instanceof APIConnectionError)
    return networkError(error.cause ?? error, context, 'could not reach the API');
  if (error instanceof APIError) {
    // Body shape: { type: 'error', error: { type, message } }; mid-stream errors carry the same.
    const body = error.error as { error?: { type?: unknown; message?: unknown } } | undefined;
    const vendorMessage =
      typeof body?.error?.message === 'string' ? body.error.message : error.message;
    const vendorType = typeof body?.error?.type === 'string' ? body.error.type : undefined;
    const status = typeof error.status === 'number' ? error.status : undefined;
    const label = [status === undefined ? undefined : `HTTP ${status}`, vendorType]
      .filter(Boolean)
      .join(' ');
    return new ProviderCallError({
      provider: context.provider,
      message: cleanMessage(label ? `${label}: ${vendorMessage}` : vendorMessage, context),
      ...(status === undefined
        ? { isRetryable: vendorType === 'overloaded_error' || vendorType === 'api_error' }
        : { statusCode: status }),
      responseBody: body === undefined ? undefined : cleanMessage(JSON.stringify(body), context),
    });
  }
  return networkError(error, context, 'the connection broke while reading the response');
}
