import type { LanguageModel } from '@autoskill/core';
import type { ModelSettings } from '@autoskill/sdk';
import { compact } from '../../option-parsers';
import { createScriptedModel } from './scripted-model';

/** The model flags of a command that also accepts `scripted`. */
export interface ModelFlags {
  llmProvider?: string;
  llmModel?: string;
  llmBaseUrl?: string;
  llmApiKey?: string;
}

/**
 * The model the flags name: `scripted` is the in-process scripted model (the model path,
 * offline and deterministic); anything else goes to the SDK's provider resolution (no flag and
 * no key in the environment: the offline rules).
 */
export function learningModel(flags: ModelFlags): LanguageModel | ModelSettings {
  if (flags.llmProvider === 'scripted') return createScriptedModel();
  return compact({
    provider: flags.llmProvider,
    model: flags.llmModel,
    baseUrl: flags.llmBaseUrl,
    apiKey: flags.llmApiKey,
  });
}
