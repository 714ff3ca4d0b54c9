import { findEmbeddingProvider, findLanguageProvider } from './provider-catalog';

/** How a caller names a model: every field optional; missing ones come from the environment. */
export interface ModelSettings {
  /** Provider name or alias (`openai`, `qwen`, `glm`, `generic`, `hashing`, `none`…). */
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  /** Embeddings: vector size (hashing: default 256; dashscope: 1024). */
  dimensions?: number;
  timeoutMs?: number;
  /** Longest silence inside a stream (default 300000 ms). */
  streamIdleTimeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
  /** InternLM only: thinking mode on/off (default on). */
  thinkingMode?: boolean;
  /** Body fields sent with every request. */
  extraBody?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Merges settings layers, first wins per field (e.g. `[flags, configFile]`). A later layer that
 * names a different provider than an earlier one is ignored, so a config file's model or key
 * for vendor A never leaks into a `--llm-provider B` run.
 */
export function mergeModelSettings(
  layers: ReadonlyArray<ModelSettings | undefined>,
): ModelSettings {
  const merged: ModelSettings = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (
      merged.provider !== undefined &&
      layer.provider !== undefined &&
      !sameProvider(merged.provider, layer.provider)
    ) {
      continue;
    }
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && merged[key] === undefined) merged[key] = value;
    }
  }
  return merged;
}

function sameProvider(left: string, right: string): boolean {
  const canonical = (name: string) =>
    findLanguageProvider(name)?.name ?? findEmbeddingProvider(name) ?? name.trim().toLowerCase();
  return canonical(left) === canonical(right);
}
