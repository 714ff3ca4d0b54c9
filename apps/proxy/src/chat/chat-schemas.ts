import { z } from 'zod';
import { chatMessageSchema } from '../routes/request-fields';
import { traceSchema } from './trace-json';

/** `POST /v1/chat/completions`: OpenAI's body. Fields not listed pass through to the upstream unchanged. */
export const chatCompletionBody = z.looseObject({
  model: z.string().min(1).optional(),
  messages: z.array(chatMessageSchema).min(1, 'must contain at least one message'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  user: z.string().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
});

/** The chat body as the validator describes it. */
export type ChatCompletionBody = z.output<typeof chatCompletionBody>;

/** A non-stream answer (for /openapi.json): the vendor's completion plus the `autoskill` field. */
export const chatCompletionResponse = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      message: z.looseObject({ role: z.string(), content: z.string().nullable() }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: z.looseObject({}).optional(),
  autoskill: z
    .object({
      trace_id: z.string(),
      retrieval: traceSchema,
      extraction: z.object({ job_id: z.string(), status: z.string() }).nullable(),
    })
    .optional()
    .describe('Omitted with the header `X-AutoSkill-Trace: off`'),
});
