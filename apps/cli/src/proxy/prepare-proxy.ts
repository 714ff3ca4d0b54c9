import type { ProxyConfig, Upstream } from '@autoskill/proxy';
import type { AutoSkillConfig } from '@autoskill/sdk';
import type { CliContext } from '../cli-context';
import { compact } from '../option-parsers';
import { configFromOptions } from '../store-options';
import { UsageError } from '../usage-error';
import type { ProxyCommandOptions } from './proxy-command-options';

/** What every process of `autoskill proxy` is built from, checked before anything starts. */
export interface PreparedProxy {
  upstream: Upstream;
  /** Why this upstream was chosen (printed in the start line). */
  reason: string;
  autoskillConfig: AutoSkillConfig;
  proxyConfig: Partial<ProxyConfig>;
  /** What the start line says about auth. */
  auth: string;
}

/** Reads the keys file and picks the upstream; bad flags are usage errors (exit 2). */
export async function prepareProxy(
  context: CliContext,
  options: ProxyCommandOptions,
): Promise<PreparedProxy> {
  const { loadKeysFile, parseServedModels, resolveProxyConfig, resolveUpstream } = await import(
    '@autoskill/proxy'
  );
  const userKeys = options.keysFile
    ? await loadKeysFile(options.keysFile).catch((error: Error) =>
        Promise.reject(new UsageError(error.message)),
      )
    : undefined;
  if (options.proxyApiKey !== undefined && options.proxyApiKey.length < 8)
    throw new UsageError('--proxy-api-key must be at least 8 characters');
  if (options.adminKey !== undefined && options.adminKey.length < 16)
    throw new UsageError('--admin-key must be at least 16 characters');
  const servedModels = [
    ...options.servedModel,
    ...usageErrorOf('--served-models-json', () =>
      options.servedModelsJson === undefined ? [] : parseServedModels(options.servedModelsJson),
    ),
  ];
  const trustIdentityHeader = options.trustIdentityHeader?.trim() || undefined;
  if (trustIdentityHeader)
    usageErrorOf('--trust-identity-header', () => resolveProxyConfig({ trustIdentityHeader }));
  let resolved: ReturnType<typeof resolveUpstream>;
  try {
    resolved = resolveUpstream({
      provider: options.llmProvider,
      model: options.llmModel,
      baseUrl: options.llmBaseUrl,
      apiKey: options.llmApiKey,
      env: context.env,
      ...(options.upstreamTimeoutMs === undefined
        ? {}
        : { headersTimeoutMs: options.upstreamTimeoutMs }),
      ...(options.upstreamRetries === undefined ? {} : { maxRetries: options.upstreamRetries }),
      ...(options.upstreamDeadlineMs === undefined
        ? {}
        : { deadlineMs: options.upstreamDeadlineMs }),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const extractLlm = compact({
    provider: options.extractLlmProvider,
    model: options.extractLlmModel,
    baseUrl: options.extractLlmBaseUrl,
    apiKey: options.extractLlmApiKey,
  });
  return {
    upstream: resolved.upstream,
    reason: resolved.reason,
    autoskillConfig: configFromOptions(context, options, {
      ...(Object.keys(extractLlm).length ? { extractLlm } : {}),
      // Learning never runs on the thread that answers (a worker thread over the same store).
      learningWorker: options.extractMode !== 'never',
      learningQueue: {
        maxPerUser: options.learningQueuePerUser,
        maxTotal: options.learningQueueMax,
      },
    }),
    proxyConfig: {
      defaultUserId: options.userId,
      skillScope: options.skillScope,
      rewriteMode: options.rewriteMode,
      extractMode: options.extractMode,
      extractTurnLimit: options.extractTurnLimit,
      ingestWindow: options.ingestWindow,
      minScore: options.minScore,
      topK: options.topK,
      servedModels,
      embeddings: options.embeddingsSource,
      maxBodyBytes: options.maxBodyBytes,
      retrievalCacheTtlMs: options.retrievalCacheMs,
      ...(options.proxyApiKey ? { proxyApiKey: options.proxyApiKey } : {}),
      ...(userKeys ? { userKeys } : {}),
      ...(options.adminKey ? { adminApiKey: options.adminKey } : {}),
      ...(trustIdentityHeader ? { trustIdentityHeader } : {}),
    },
    auth: userKeys
      ? `${Object.keys(userKeys).length} per-user key(s)`
      : options.proxyApiKey
        ? 'proxy key'
        : 'none',
  };
}

/** Runs a check whose error becomes a usage error (exit 2) naming the flag. */
function usageErrorOf<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}
