import { AbortedError, type AutoSkillError, ProviderCallError } from '@autoskill/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  cleanMessage,
  type ErrorContext,
  mapCommonError,
  networkError,
} from '../describe-unknown-error';

/**
 * Maps anything the `openai` SDK (or the network under it) throws to an AutoSkill error:
 * `AbortedError` for aborts, `ProviderCallError` with the vendor's status and message for the
 * rest. The only place OpenAI-specific error shapes are known. API keys are scrubbed.
 */
export function mapOpenAIError(error: unknown, context: ErrorContext): AutoSkillError {
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
    const body = error.error as { message?: unknown; error?: { message?: unknown } } | undefined;
    const vendorMessage =
      typeof body?.message === 'string'
        ? body.message
        : typeof body?.error?.message === 'string'
          ? body.error.message
          : error.message;
    const status = typeof error.status === 'number' ? error.status : undefined;
    return new ProviderCallError({
      provider: context.provider,
      message: cleanMessage(
        status === undefined ? vendorMessage : `HTTP ${status}: ${vendorMessage}`,
        context,
      ),
      ...(status === undefined ? { isRetryable: false } : { statusCode: status }),
      responseBody: body === undefined ? undefined : cleanMessage(JSON.stringify(body), context),
    });
  }
  return networkError(error, context, 'the connection broke while reading the response');
}
