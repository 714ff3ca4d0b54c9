import type { z } from 'zod';
import type { EdgeRequest } from './edge-request';
import { ProxyHttpError } from './proxy-http-error';

/** Parses a JSON object body (400 `invalid_json` otherwise). An empty body counts as `{}`. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProxyHttpError(
      400,
      `We could not parse the JSON body of your request: ${(error as Error).message}`,
      'invalid_json',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProxyHttpError(400, 'The request body must be a JSON object.', 'invalid_json');
  }
  return value as Record<string, unknown>;
}

/** Validates with a zod schema; the first issue becomes a 400 naming the field (`param`). */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue?.path.length ? issue.path.map(String).join('.') : null;
  throw new ProxyHttpError(
    400,
    `Invalid request: ${param ? `${param}: ` : ''}${issue?.message ?? 'invalid value'}`,
    'invalid_request',
    'invalid_request_error',
    param,
  );
}

/** Reads (through the one body reader), parses and validates a JSON body in one step. */
export async function readJson<T extends z.ZodType>(
  request: EdgeRequest,
  schema: T,
): Promise<z.output<T>> {
  return validate(schema, parseJsonObject((await request.body()).toString('utf8')));
}
