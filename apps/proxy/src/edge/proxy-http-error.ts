import { AutoSkillError } from '@autoskill/core';
import { z } from 'zod';

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** OpenAI's error body as a schema (for /openapi.json). */
export const openAIErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});

/** An error with an HTTP status, rendered in OpenAI's error shape. */
export class ProxyHttpError extends Error {
  override name = 'ProxyHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly type = status >= 500 ? 'server_error' : 'invalid_request_error',
    readonly param: string | null = null,
  ) {
    super(message);
  }

  toBody(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

/** The 413 of a request body over the limit (declared or counted while read). */
export function requestTooLarge(maxBytes: number): ProxyHttpError {
  return new ProxyHttpError(
    413,
    `Request body is larger than ${maxBytes} bytes.`,
    'request_too_large',
  );
}

/** The 499 of a client that went away before its request was answered. */
export function clientClosedRequest(): ProxyHttpError {
  return new ProxyHttpError(499, 'The client closed the connection.', 'client_closed_request');
}

const STATUS_BY_CODE: Record<string, [number, string]> = {
  INVALID_ARGUMENT: [400, 'invalid_request'],
  SKILL_PARSE_ERROR: [400, 'invalid_request'],
  SKILL_VALIDATION_ERROR: [400, 'invalid_request'],
  UNSAFE_PATH: [400, 'invalid_request'],
  SKILL_NOT_FOUND: [404, 'not_found'],
  READ_ONLY: [403, 'forbidden'],
  CONFLICT: [409, 'conflict'],
  LOCK_TIMEOUT: [503, 'busy'],
  UNSUPPORTED: [400, 'unsupported'],
  NO_SUCH_MODEL: [404, 'model_not_found'],
  PROVIDER_CALL_ERROR: [502, 'upstream_error'],
  ABORTED: [499, 'aborted'],
};

/** Maps any thrown value to a ProxyHttpError (AutoSkill codes → 4xx, the rest → 500). */
export function toProxyHttpError(error: unknown): ProxyHttpError {
  if (error instanceof ProxyHttpError) return error;
  if (AutoSkillError.isInstance(error)) {
    const [status, code] = STATUS_BY_CODE[error.code] ?? [500, 'internal_error'];
    return new ProxyHttpError(status, error.message, code);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProxyHttpError(500, `Internal error: ${message}`, 'internal_error');
}
