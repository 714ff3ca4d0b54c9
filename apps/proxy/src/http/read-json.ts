import type { Context } from 'hono';
import type { z } from 'zod';
import { readNodeBody } from './node-request';
import { ProxyHttpError } from './proxy-http-error';

/** Reads the raw body text, refusing bodies over `maxBytes` (413). */
export async function readBodyText(context: Context, maxBytes: number): Promise<string> {
  const declared = Number(context.req.header('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const fromNode = await readNodeBody(context, maxBytes);
  if (fromNode !== undefined) return fromNode;
  const text = await context.req.text();
  if (text.length > maxBytes && Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  return text;
}

function tooLarge(maxBytes: number): ProxyHttpError {
  return new ProxyHttpError(
    413,
    `Request body is larger than ${maxBytes} bytes.`,
    'request_too_large',
  );
}

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

/** Reads and validates a JSON body in one step. */
export async function readJson<T extends z.ZodType>(
  context: Context,
  schema: T,
  maxBytes: number,
): Promise<z.output<T>> {
  return validate(schema, parseJsonObject(await readBodyText(context, maxBytes)));
}

/** Validates the query string (single values). */
export function readQuery<T extends z.ZodType>(context: Context, schema: T): z.output<T> {
  return validate(schema, context.req.query());
}
