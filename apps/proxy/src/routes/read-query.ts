import type { Context } from 'hono';
import type { z } from 'zod';
import { validate } from '../edge/parse-request';

/** Validates the query string (single values) of a Hono request. */
export function readQuery<T extends z.ZodType>(context: Context, schema: T): z.output<T> {
  return validate(schema, context.req.query());
}
