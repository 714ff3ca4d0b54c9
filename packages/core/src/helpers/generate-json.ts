import { InvalidArgumentError } from '../errors/errors';
import type { ChatMessage } from '../experience/experience';
import type { LanguageModelUsage } from '../spec/language-model';
import { generateText } from './generate-text';
import { InvalidJsonOutputError } from './invalid-json-output-error';
import { parseJsonFromModelText } from './parse-json-from-model-text';
import type { PromptOptions } from './prompt-options';

/** Any schema with zod's `safeParse` shape (zod, valibot adapters, hand-written checks). */
export interface SafeParseSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { message: string } };
}

export interface GenerateJsonOptions<T> extends PromptOptions {
  /** Validates the parsed value. Without one the parsed JSON is returned as is. */
  schema?: SafeParseSchema<T>;
  /** How many times the model is asked to fix an unusable reply. Default 1. */
  repairAttempts?: number;
}

export interface GenerateJsonResult<T> {
  value: T;
  /** The reply the value was read from (after repairs, the last one). */
  text: string;
  usage: LanguageModelUsage;
  /** Repair round trips used (0 when the first reply was fine). */
  repairs: number;
}

/** Only the tail of a bad reply goes back to the model: enough to fix it, cheap to resend. */
const MAX_ECHOED_CHARACTERS = 6000;

/**
 * Asks for JSON (`responseFormat: json`), reads it with `parseJsonFromModelText` and validates
 * it with `schema`. On a parse or validation failure the model is shown the error and asked
 * once (`repairAttempts`) for a corrected reply.
 *
 * @throws InvalidJsonOutputError when the reply is still unusable after the repairs.
 * @example
 * const { value } = await generateJson({ model, prompt: 'List 3 colours as {"colours": []}', schema });
 */
export async function generateJson<T = unknown>(
  options: GenerateJsonOptions<T>,
): Promise<GenerateJsonResult<T>> {
  const repairAttempts = options.repairAttempts ?? 1;
  if (!Number.isInteger(repairAttempts) || repairAttempts < 0) {
    throw new InvalidArgumentError(
      'repairAttempts',
      `expected an integer >= 0, got ${String(repairAttempts)}`,
    );
  }
  if (options.schema !== undefined && typeof options.schema?.safeParse !== 'function') {
    throw new InvalidArgumentError(
      'schema',
      'expected an object with safeParse(value), e.g. a zod schema',
    );
  }
  const { schema, repairAttempts: _repairAttempts, ...promptOptions } = options;
  const baseOptions: PromptOptions = { responseFormat: { type: 'json' }, ...promptOptions };
  const conversation: ChatMessage[] =
    options.messages ??
    (options.prompt !== undefined ? [{ role: 'user', content: options.prompt }] : []);
  const usage: Required<LanguageModelUsage> = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

  let messages: ChatMessage[] | undefined;
  for (let repairs = 0; ; repairs++) {
    const result = await generateText(
      messages === undefined ? baseOptions : { ...baseOptions, prompt: undefined, messages },
    );
    addUsage(usage, result.usage);
    const outcome = readValue(result.text, schema);
    if (outcome.ok) return { value: outcome.value, text: result.text, usage, repairs };
    if (repairs >= repairAttempts) throw outcome.error;
    messages = [
      ...conversation,
      { role: 'assistant', content: result.text.slice(-MAX_ECHOED_CHARACTERS) },
      {
        role: 'user',
        content:
          `Your previous reply could not be used: ${outcome.error.reason}.\n` +
          'Reply again with only the corrected JSON value: no prose, no code fences.',
      },
    ];
  }
}

function readValue<T>(
  text: string,
  schema: SafeParseSchema<T> | undefined,
): { ok: true; value: T } | { ok: false; error: InvalidJsonOutputError } {
  let parsed: unknown;
  try {
    parsed = parseJsonFromModelText(text);
  } catch (error) {
    if (error instanceof InvalidJsonOutputError) return { ok: false, error };
    throw error;
  }
  if (schema === undefined) return { ok: true, value: parsed as T };
  const checked = schema.safeParse(parsed);
  if (checked.success) return { ok: true, value: checked.data };
  const message = String(checked.error?.message ?? 'invalid value').slice(0, 1000);
  return {
    ok: false,
    error: new InvalidJsonOutputError(
      `the JSON does not match the expected schema: ${message}`,
      text,
    ),
  };
}

function addUsage(total: Required<LanguageModelUsage>, usage: LanguageModelUsage): void {
  total.inputTokens += usage.inputTokens ?? 0;
  total.outputTokens += usage.outputTokens ?? 0;
  total.totalTokens += usage.totalTokens ?? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
