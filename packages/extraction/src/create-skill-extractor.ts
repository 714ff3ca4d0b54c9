import { InvalidArgumentError, throwIfAborted } from '@autoskill/core';
import type {
  ExtractionInput,
  ExtractionResult,
  SkillExtractor,
  SkillExtractorOptions,
} from './extraction-types';
import { extractWithModel } from './model/extract-with-model';
import { extractWithRules } from './rules/extract-with-rules';
import { extractFromTrajectory } from './trajectory/extract-from-trajectory';
import { readTrajectory } from './trajectory/read-trajectory';

/**
 * Creates the extractor that turns recent messages, event records and a hint into at most one
 * skill candidate. With a `model` it asks the LLM (gating prompt, strict JSON, repair,
 * validation); without one it applies deterministic rules, so learning works offline too.
 * Either way generic one-off requests yield nothing.
 *
 * @example
 * const extractor = createSkillExtractor();
 * const { candidate } = await extractor.extract({
 *   messages: [{ role: 'user', content: 'Write a report about agents. Do not hallucinate; cite every number.' }],
 * });
 * candidate?.instructions; // '# Goal\nWrite a report about agents, …\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number.'
 */
export function createSkillExtractor(options: SkillExtractorOptions = {}): SkillExtractor {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'options',
      'expected an object like { model?, redact?, maxWindowMessages? }',
    );
  }
  const maxWindowMessages = options.maxWindowMessages ?? 6;
  if (!Number.isInteger(maxWindowMessages) || maxWindowMessages < 1) {
    throw new InvalidArgumentError(
      'maxWindowMessages',
      `expected an integer >= 1, got ${String(maxWindowMessages)}`,
    );
  }
  const repairAttempts = options.repairAttempts ?? 1;
  if (!Number.isInteger(repairAttempts) || repairAttempts < 0) {
    throw new InvalidArgumentError(
      'repairAttempts',
      `expected an integer >= 0, got ${String(repairAttempts)}`,
    );
  }
  const { model, logger } = options;
  if (
    model !== undefined &&
    (typeof model !== 'object' || typeof model.doGenerate !== 'function')
  ) {
    throw new InvalidArgumentError('model', 'expected a LanguageModel with doGenerate()');
  }

  return {
    async extract(input: ExtractionInput): Promise<ExtractionResult> {
      validateInput(input);
      throwIfAborted(input.abortSignal);
      const modelOptions = model
        ? {
            model,
            redact: options.redact ?? true,
            maxWindowMessages,
            repairAttempts,
            throwOnError: options.throwOnError ?? false,
          }
        : undefined;
      // A tool-using run (tool calls and results, tool events) is read whole, as a procedure.
      const trajectory = readTrajectory(input);
      const result = trajectory
        ? await extractFromTrajectory(input, trajectory, {
            ...(modelOptions ? { model: modelOptions } : {}),
            maxWindowMessages,
          })
        : modelOptions
          ? await extractWithModel(input, modelOptions)
          : extractWithRules(input, maxWindowMessages);
      if (result.candidate) logger?.info?.(`extraction (${result.mode}): ${result.reason}`);
      else if (
        result.reason.startsWith('model error') ||
        result.reason.startsWith('invalid model output')
      ) {
        logger?.warn?.(`extraction (${result.mode}): ${result.reason}`);
      }
      return result;
    },
  };
}

function validateInput(input: ExtractionInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidArgumentError(
      'input',
      'expected an object like { messages: [{ role: "user", content: "…" }] }',
    );
  }
  if (input.messages !== undefined && !Array.isArray(input.messages)) {
    throw new InvalidArgumentError('messages', 'expected an array of { role, content }');
  }
  for (const [index, message] of (input.messages ?? []).entries()) {
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
      throw new InvalidArgumentError(
        `messages[${index}]`,
        'expected { role: string, content: string | parts[] }',
      );
    }
  }
  if (input.events !== undefined && !Array.isArray(input.events)) {
    throw new InvalidArgumentError('events', 'expected an array of event records');
  }
  if (input.hint !== undefined && typeof input.hint !== 'string') {
    throw new InvalidArgumentError('hint', 'expected a string');
  }
  const { reference } = input;
  if (reference !== undefined) {
    if (typeof reference !== 'object' || reference === null || typeof reference.name !== 'string') {
      throw new InvalidArgumentError(
        'reference',
        'expected a skill with id, name, title, description, instructions, tags, triggers',
      );
    }
    if (!Array.isArray(reference.triggers) || !Array.isArray(reference.tags)) {
      throw new InvalidArgumentError('reference', 'expected `triggers` and `tags` arrays');
    }
  }
}
