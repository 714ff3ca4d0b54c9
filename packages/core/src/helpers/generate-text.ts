import type { LanguageModelFinishReason, LanguageModelUsage } from '../spec/language-model';
import { raceWithAbort } from './abort';
import { type PromptOptions, toCallOptions } from './prompt-options';
import { retryWithBackoff } from './retry-with-backoff';

export type GenerateTextOptions = PromptOptions;

export interface GenerateTextResult {
  text: string;
  finishReason: LanguageModelFinishReason;
  usage: LanguageModelUsage;
}

/**
 * Generates text with a language model. Retries retryable provider errors (429, 5xx, network)
 * with exponential backoff; an aborted signal surfaces as `AbortedError`.
 *
 * @example
 * const { text } = await generateText({ model, system: 'Be brief.', prompt: 'Hi' });
 */
export async function generateText(options: GenerateTextOptions): Promise<GenerateTextResult> {
  const callOptions = toCallOptions(options);
  const result = await retryWithBackoff(
    () => raceWithAbort(options.model.doGenerate(callOptions), options.abortSignal),
    {
      maxRetries: options.maxRetries,
      abortSignal: options.abortSignal,
      sleep: options.sleep,
    },
  );
  return { text: result.text ?? '', finishReason: result.finishReason, usage: result.usage ?? {} };
}
