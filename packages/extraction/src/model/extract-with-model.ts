import {
  generateJson,
  InvalidJsonOutputError,
  isAbortError,
  type LanguageModel,
} from '@autoskill/core';
import type { ExtractionInput, ExtractionResult } from '../extraction-types';
import { redactValue } from '../redact-text';
import { buildExtractionPayload, EXTRACTION_SYSTEM_PROMPT } from './extraction-prompt';
import { extractionReplySchema, type ModelSkill } from './extraction-schema';
import { validateModelSkill } from './validate-model-skill';

export interface ModelExtractionOptions {
  model: LanguageModel;
  redact: boolean;
  maxWindowMessages: number;
  repairAttempts: number;
  throwOnError: boolean;
}

/** The LLM extractor: prompt + strict JSON + repair, then validation of the one skill it may return. */
export async function extractWithModel(
  input: ExtractionInput,
  options: ModelExtractionOptions,
): Promise<ExtractionResult> {
  const messages = (input.messages ?? [])
    .slice(-options.maxWindowMessages)
    .filter((message) => message && message.role !== 'system');
  const payload = buildExtractionPayload({
    messages,
    events: input.events ?? [],
    ...(input.hint ? { hint: input.hint } : {}),
    ...(input.reference ? { reference: input.reference } : {}),
  });
  return askModelForSkill(EXTRACTION_SYSTEM_PROMPT, payload, input, options);
}

/**
 * Sends one extraction prompt and DATA payload (redacted when asked), parses the strict JSON reply
 * with repair, and validates the one skill it may hold. Shared by dialogue and trajectory extraction.
 */
export async function askModelForSkill(
  system: string,
  payload: Record<string, unknown>,
  input: Pick<ExtractionInput, 'reference' | 'abortSignal'>,
  options: ModelExtractionOptions,
): Promise<ExtractionResult> {
  const data = options.redact ? redactValue(payload) : payload;
  let skills: ModelSkill[];
  try {
    const { value } = await generateJson({
      model: options.model,
      system,
      prompt: `DATA:\n${JSON.stringify(data, null, 2)}`,
      schema: extractionReplySchema,
      temperature: 0,
      repairAttempts: options.repairAttempts,
      ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}),
    });
    skills = value.skills;
  } catch (error) {
    if (options.throwOnError || isAbortError(error)) throw error;
    if (
      error instanceof InvalidJsonOutputError ||
      (error as { name?: unknown })?.name === 'InvalidJsonOutputError'
    ) {
      return {
        reason: `invalid model output after ${options.repairAttempts} repair(s): ${(error as InvalidJsonOutputError).reason}`,
        mode: 'llm',
      };
    }
    return {
      reason: `model error: ${error instanceof Error ? error.message : String(error)}`,
      mode: 'llm',
    };
  }
  const [first] = skills;
  if (!first)
    return {
      reason: 'the model found no durable preference, correction or procedure',
      mode: 'llm',
    };
  const checked = validateModelSkill(first, input.reference);
  if ('problem' in checked)
    return { reason: `the model's skill was rejected: ${checked.problem}`, mode: 'llm' };
  const extra =
    skills.length > 1 ? ` (${skills.length - 1} more ignored: at most one per attempt)` : '';
  return {
    candidate: checked.candidate,
    reason: `the model proposed "${checked.candidate.name}"${extra}`,
    mode: 'llm',
  };
}
