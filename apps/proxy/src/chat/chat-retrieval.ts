import type { ChatMessage } from '@autoskill/core';
import { type PreparedTurn, type RetrievalTrace, skillsSystemMessage } from '@autoskill/sdk';
import type { ProxyDependencies } from '../server/proxy-dependencies';
import { redactUpstreamText } from '../upstream/redact-upstream-text';
import { type TraceJson, traceJson } from './trace-json';
import type { TurnSettings } from './turn-settings';

/** The retrieval trace as chat responses and trace records show it. */
export type RetrievalJson = TraceJson & { cache_hit: boolean };

const hitJson = new WeakMap<PreparedTurn, RetrievalJson>();
// Whether the runtime has an LLM (for query rewrites) is fixed once it is ready.
const hasLanguageModel = new WeakMap<object, boolean>();

/**
 * The skills for a chat turn (the context to inject and the trace in wire form): from the
 * retrieval cache when the same turn was just answered, else from `prepareTurn`. Retrieval never blocks the answer: on failure the turn goes out
 * without skills and the trace says why.
 */
export async function retrieveForTurn(
  deps: ProxyDependencies,
  options: {
    userId: string;
    messages: ChatMessage[];
    /** The turn's scope, top_k, min_score and rewrite mode (the config unless the request overrides them). */
    settings: Pick<TurnSettings, 'scope' | 'topK' | 'minScore' | 'rewriteMode'>;
    signal: AbortSignal;
  },
): Promise<{ context: string; retrieval: RetrievalJson }> {
  const config = options.settings;
  let key: string | undefined;
  if (deps.retrievalCache.enabled) {
    let hasModel = hasLanguageModel.get(deps.autoskill);
    if (hasModel === undefined) {
      hasModel = (await deps.autoskill.ready()).languageModel !== undefined;
      hasLanguageModel.set(deps.autoskill, hasModel);
    }
    const withHistory = hasModel && config.rewriteMode !== 'never';
    key = deps.retrievalCache.key({
      userId: options.userId,
      scope: config.scope,
      topK: config.topK,
      minScore: config.minScore,
      rewriteMode: config.rewriteMode,
      withHistory,
      messages: options.messages,
    });
    const cached = deps.retrievalCache.get(key);
    if (cached) {
      // The trace of a hit is the same every time: build its JSON once per cached result.
      let retrieval = hitJson.get(cached);
      if (!retrieval) {
        retrieval = { ...traceJson({ ...cached.trace, elapsedMs: 0 }), cache_hit: true };
        hitJson.set(cached, retrieval);
      }
      return { context: cached.context, retrieval };
    }
  }
  try {
    const prepared = await deps.autoskill.prepareTurn({
      userId: options.userId,
      messages: options.messages,
      scope: config.scope,
      topK: config.topK,
      minScore: config.minScore,
      rewriteMode: config.rewriteMode,
      abortSignal: options.signal,
    });
    if (key !== undefined) deps.retrievalCache.set(key, prepared);
    return {
      context: prepared.context,
      retrieval: { ...traceJson(prepared.trace), cache_hit: false },
    };
  } catch (error) {
    const trace: RetrievalTrace = {
      originalQuery: '',
      rewrittenQuery: null,
      searchQuery: '',
      rewriteMode: config.rewriteMode,
      scope: config.scope,
      topK: config.topK,
      minScore: config.minScore,
      hits: [],
      injectedIds: [],
      elapsedMs: 0,
      // Logged: vendor text (a failed rewrite call) loses anything that looks like a key.
      error: redactUpstreamText(`retrieval failed: ${(error as Error).message}`, []),
    };
    deps.autoskill.logger.warn(trace.error as string);
    return { context: '', retrieval: { ...traceJson(trace), cache_hit: false } };
  }
}

/**
 * The client's messages with one system message holding the skills inserted just before the
 * latest user message. Every message before it keeps its exact content, so a vendor's prompt
 * cache over the caller's prefix still hits.
 */
export function injectSkills(messages: ChatMessage[], context: string): ChatMessage[] {
  if (context === '') return messages;
  let index = messages.length - 1;
  while (index >= 0 && messages[index]?.role !== 'user') index--;
  if (index < 0) return messages;
  return [...messages.slice(0, index), skillsSystemMessage(context), ...messages.slice(index)];
}
