import { InvalidArgumentError } from '@autoskill/core';
import { findLanguageProvider, type ProviderCatalogEntry, providerCatalog } from '@autoskill/sdk';
import type { Upstream, UpstreamTimeouts } from './upstream';

/** The vendor kind the proxy speaks to for a catalog entry. */
function kindOf(preset: ProviderCatalogEntry): Upstream['kind'] {
  if (preset.name === 'mock') return 'offline';
  return preset.name === 'anthropic' ? 'anthropic' : 'openai';
}

export interface ResolveUpstreamOptions extends UpstreamTimeouts {
  provider?: string | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  /** Where vendor keys are looked up (default `process.env`). */
  env?: Record<string, string | undefined>;
}

function first(
  env: Record<string, string | undefined>,
  names: string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * Picks the answering vendor like the SDK picks its LLM: an explicit provider; else a base URL
 * (generic OpenAI-compatible); else the first vendor key in the environment; else offline.
 * Returns the upstream and a one-line reason.
 */
export function resolveUpstream(options: ResolveUpstreamOptions = {}): {
  upstream: Upstream;
  reason: string;
} {
  const env = options.env ?? process.env;
  let preset: ProviderCatalogEntry | undefined;
  let reason: string;
  if (options.provider) {
    preset = findLanguageProvider(options.provider);
    if (!preset)
      throw new InvalidArgumentError(
        'llm provider',
        `unknown ${JSON.stringify(options.provider)}; expected one of ${providerCatalog.map((entry) => entry.name).join(', ')}`,
      );
    reason = 'chosen by flag';
  } else if (options.baseUrl) {
    preset = findLanguageProvider('generic');
    reason = 'a base URL was given';
  } else {
    for (const entry of providerCatalog) {
      if (kindOf(entry) === 'offline') continue;
      const found = first(env, entry.name === 'generic' ? entry.baseUrlEnv : entry.apiKeyEnv);
      if (found) {
        preset = entry;
        reason = `${found.name} is set`;
        break;
      }
    }
    reason ??= 'no API key in the environment: offline';
  }
  if (!preset || kindOf(preset) === 'offline')
    return {
      upstream: { kind: 'offline', ...(options.model ? { model: options.model } : {}) },
      reason,
    };
  const baseUrl = options.baseUrl ?? first(env, preset.baseUrlEnv)?.value ?? preset.defaultBaseUrl;
  if (!baseUrl)
    throw new InvalidArgumentError(
      'llm base url',
      `the ${preset.name} provider needs --llm-base-url (or ${preset.baseUrlEnv.join('/')})`,
    );
  const apiKey = options.apiKey ?? first(env, preset.apiKeyEnv)?.value;
  const model = options.model ?? first(env, preset.modelEnv)?.value ?? preset.defaultModel;
  const timeouts: UpstreamTimeouts = {
    ...(options.headersTimeoutMs === undefined
      ? {}
      : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
  };
  if (kindOf(preset) === 'anthropic') {
    if (!model)
      throw new InvalidArgumentError(
        'llm model',
        `the ${preset.name} provider needs --llm-model (or ${preset.modelEnv.join('/')})`,
      );
    return {
      upstream: {
        kind: 'anthropic',
        provider: preset.name,
        baseUrl,
        model,
        ...(apiKey ? { apiKey } : {}),
        ...timeouts,
      },
      reason,
    };
  }
  return {
    upstream: {
      kind: 'openai',
      provider: preset.name,
      baseUrl,
      ...(apiKey ? { apiKey } : {}),
      ...(model ? { model } : {}),
      ...timeouts,
    },
    reason,
  };
}
