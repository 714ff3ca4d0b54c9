import { InvalidArgumentError } from '@autoskill/core';
import type { Upstream, UpstreamTimeouts } from './upstream';

interface UpstreamPreset {
  name: string;
  aliases: string[];
  kind: 'openai' | 'anthropic' | 'offline';
  baseUrl?: string;
  model?: string;
  apiKeyEnv: string[];
  modelEnv: string[];
  baseUrlEnv: string[];
}

/**
 * Vendor presets (kept in step with @autoskill/providers' catalog, which the proxy may not import;
 * see the report: the SDK should re-export it). Order = environment auto-pick order.
 */
export const upstreamPresets: readonly UpstreamPreset[] = [
  {
    name: 'generic',
    aliases: ['openai-compatible', 'openai_compatible', 'universal', 'custom'],
    kind: 'openai',
    apiKeyEnv: ['AUTOSKILL_GENERIC_API_KEY'],
    modelEnv: ['AUTOSKILL_GENERIC_LLM_MODEL'],
    baseUrlEnv: ['AUTOSKILL_GENERIC_LLM_URL'],
  },
  {
    name: 'dashscope',
    aliases: ['qwen'],
    kind: 'openai',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    model: 'qwen-plus',
    apiKeyEnv: ['DASHSCOPE_API_KEY'],
    modelEnv: ['DASHSCOPE_MODEL'],
    baseUrlEnv: ['DASHSCOPE_BASE_URL'],
  },
  {
    name: 'glm',
    aliases: ['bigmodel', 'zhipu'],
    kind: 'openai',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    model: 'glm-4.7',
    apiKeyEnv: ['ZHIPUAI_API_KEY', 'BIGMODEL_API_KEY'],
    modelEnv: ['BIGMODEL_GLM_MODEL'],
    baseUrlEnv: ['BIGMODEL_BASE_URL'],
  },
  {
    name: 'internlm',
    aliases: ['intern', 'intern-s1', 'intern-s1-pro'],
    kind: 'openai',
    baseUrl: 'https://chat.intern-ai.org.cn/api/v1',
    model: 'intern-s1-pro',
    apiKeyEnv: ['INTERNLM_API_KEY', 'INTERN_API_KEY', 'INTERNLM_TOKEN'],
    modelEnv: ['INTERNLM_MODEL'],
    baseUrlEnv: ['INTERNLM_BASE_URL'],
  },
  {
    name: 'openai',
    aliases: [],
    kind: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    apiKeyEnv: ['OPENAI_API_KEY'],
    modelEnv: ['OPENAI_CHAT_MODEL'],
    baseUrlEnv: ['OPENAI_BASE_URL'],
  },
  {
    name: 'anthropic',
    aliases: ['claude'],
    kind: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    model: 'claude-sonnet-4-5',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    modelEnv: ['ANTHROPIC_MODEL'],
    baseUrlEnv: ['ANTHROPIC_BASE_URL'],
  },
  {
    name: 'mock',
    aliases: ['offline'],
    kind: 'offline',
    apiKeyEnv: [],
    modelEnv: [],
    baseUrlEnv: [],
  },
];

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
  let preset: UpstreamPreset | undefined;
  let reason: string;
  if (options.provider) {
    const key = options.provider.trim().toLowerCase();
    preset = upstreamPresets.find((entry) => entry.name === key || entry.aliases.includes(key));
    if (!preset)
      throw new InvalidArgumentError(
        'llm provider',
        `unknown ${JSON.stringify(options.provider)}; expected one of ${upstreamPresets.map((entry) => entry.name).join(', ')}`,
      );
    reason = 'chosen by flag';
  } else if (options.baseUrl) {
    preset = upstreamPresets[0] as UpstreamPreset;
    reason = 'a base URL was given';
  } else {
    for (const entry of upstreamPresets) {
      if (entry.kind === 'offline') continue;
      const found = first(env, entry.name === 'generic' ? entry.baseUrlEnv : entry.apiKeyEnv);
      if (found) {
        preset = entry;
        reason = `${found.name} is set`;
        break;
      }
    }
    reason ??= 'no API key in the environment: offline';
  }
  if (!preset || preset.kind === 'offline')
    return {
      upstream: { kind: 'offline', ...(options.model ? { model: options.model } : {}) },
      reason,
    };
  const baseUrl = options.baseUrl ?? first(env, preset.baseUrlEnv)?.value ?? preset.baseUrl;
  if (!baseUrl)
    throw new InvalidArgumentError(
      'llm base url',
      `the ${preset.name} provider needs --llm-base-url (or ${preset.baseUrlEnv.join('/')})`,
    );
  const apiKey = options.apiKey ?? first(env, preset.apiKeyEnv)?.value;
  const model = options.model ?? first(env, preset.modelEnv)?.value ?? preset.model;
  const timeouts: UpstreamTimeouts = {
    ...(options.headersTimeoutMs === undefined
      ? {}
      : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
  if (preset.kind === 'anthropic') {
    return {
      upstream: {
        kind: 'anthropic',
        provider: preset.name,
        baseUrl,
        model: model ?? 'claude-sonnet-4-5',
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
