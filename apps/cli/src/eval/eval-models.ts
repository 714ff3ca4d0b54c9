import type { LanguageModel } from '@autoskill/core';
import { AutoSkill, type ModelSettings } from '@autoskill/sdk';

/**
 * The language model the settings name, resolved as the SDK resolves its own (flags, then the
 * vendor keys in `env`); undefined for the offline `mock` provider (and the bench's `scripted`
 * model), where the simulator and the judge fall back to deterministic rules.
 */
export async function resolveEvalModel(
  settings: LanguageModel | ModelSettings,
  env: Record<string, string | undefined>,
): Promise<LanguageModel | undefined> {
  if ('doGenerate' in settings && typeof settings.doGenerate === 'function') {
    // The scripted model only knows learning's prompts: simulate and judge with the rules.
    const model = settings as LanguageModel;
    return model.provider === 'scripted' ? undefined : model;
  }
  const client = new AutoSkill({
    store: 'memory',
    vectorIndex: 'memory',
    llm: settings as ModelSettings,
    embeddings: { provider: 'none' },
    logger: 'silent',
    env,
  });
  try {
    const model = await client.sessionHost().chatModel();
    return model && model.provider !== 'mock' ? model : undefined;
  } finally {
    await client.close();
  }
}

/** `provider:model`, or `offline rules` for the mock. */
export function modelLabel(model: LanguageModel | undefined): string {
  return model ? `${model.provider}:${model.modelId}` : 'offline rules (mock)';
}
