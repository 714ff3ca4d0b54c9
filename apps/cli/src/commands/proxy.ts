import type { SearchScope } from '@autoskill/core';
import { AutoSkill, DEFAULT_MIN_INJECT_SCORE, libraryNameForFolder } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import {
  collectList,
  compact,
  parseChoice,
  parseInteger,
  parseScope,
  parseScore,
} from '../option-parsers';
import {
  addModelOptions,
  addStoreOptions,
  configFromOptions,
  type StoreOptions,
} from '../store-options';
import { UsageError } from '../usage-error';

interface ProxyCommandOptions extends StoreOptions {
  host: string;
  port: number;
  userId: string;
  skillScope: SearchScope;
  rewriteMode: 'always' | 'auto' | 'never';
  extractMode: 'auto' | 'always' | 'never';
  extractTurnLimit: number;
  ingestWindow: number;
  minScore: number;
  topK: number;
  proxyApiKey?: string;
  keysFile?: string;
  libraryDir: string[];
  servedModel: string[];
  extractLlmProvider?: string;
  extractLlmModel?: string;
  extractLlmBaseUrl?: string;
  extractLlmApiKey?: string;
  upstreamTimeoutMs?: number;
  upstreamRetries?: number;
  embeddingsSource: 'autoskill' | 'upstream';
  maxBodyBytes: number;
  retrievalCacheMs: number;
}

export function registerProxy(program: Command, context: CliContext): void {
  const command = addStoreOptions(
    program
      .command('proxy')
      .description(
        'run the OpenAI-compatible proxy: injects skills into chat requests and learns from them',
      )
      .addOption(
        new Option('--host <host>', 'interface to bind (loopback by default)')
          .env('AUTOSKILL_PROXY_HOST')
          .default('127.0.0.1'),
      )
      .addOption(
        new Option('--port <n>', 'port')
          .env('AUTOSKILL_PROXY_PORT')
          .default(9000)
          .argParser(parseInteger('--port', 0, 65535)),
      )
      .addOption(
        new Option('--user-id <id>', 'user when a request names none')
          .env('AUTOSKILL_USER_ID')
          .default('u1'),
      )
      .addOption(
        new Option('--skill-scope <scope>', 'user | common | all')
          .env('AUTOSKILL_SKILL_SCOPE')
          .default('all')
          .argParser(parseScope('--skill-scope', ['user', 'common', 'all'] as const)),
      )
      .addOption(
        new Option('--rewrite-mode <mode>', 'always | auto | never (needs an LLM)')
          .env('AUTOSKILL_REWRITE_MODE')
          .default('always')
          .argParser(parseChoice('--rewrite-mode', ['always', 'auto', 'never'] as const)),
      )
      .addOption(
        new Option('--extract-mode <mode>', 'auto | always | never')
          .env('AUTOSKILL_EXTRACT_MODE')
          .default('auto')
          .argParser(parseChoice('--extract-mode', ['auto', 'always', 'never'] as const)),
      )
      .addOption(
        new Option('--extract-turn-limit <n>', 'with auto: learn every N chat turns of a user')
          .env('AUTOSKILL_EXTRACT_TURN_LIMIT')
          .default(1)
          .argParser(parseInteger('--extract-turn-limit', 1, 1000)),
      )
      .addOption(
        new Option('--ingest-window <n>', 'messages a learning job sees')
          .env('AUTOSKILL_INGEST_WINDOW')
          .default(6)
          .argParser(parseInteger('--ingest-window', 2, 200)),
      )
      .addOption(
        new Option('--min-score <x>', 'hits below this are not injected')
          .env('AUTOSKILL_MIN_SCORE')
          .default(DEFAULT_MIN_INJECT_SCORE)
          .argParser(parseScore('--min-score')),
      )
      .addOption(
        new Option('--top-k <n>', 'skills injected at most')
          .env('AUTOSKILL_TOP_K')
          .default(1)
          .argParser(parseInteger('--top-k', 0, 50)),
      )
      .addOption(
        new Option(
          '--proxy-api-key <key>',
          'require "Authorization: Bearer <key>" on /v1/ routes',
        ).env('AUTOSKILL_PROXY_API_KEY'),
      )
      .addOption(
        new Option(
          '--keys-file <file>',
          'JSON {"<key>": "<user id>"}: per-user keys that decide the user',
        ).env('AUTOSKILL_PROXY_KEYS_FILE'),
      )
      .addOption(
        new Option(
          '--library-dir <dir>',
          'import DIR as a read-only library at start (repeatable; env: comma list)',
        )
          .env('AUTOSKILL_LIBRARY_DIRS')
          .argParser(collectList)
          .default([]),
      )
      .addOption(
        new Option(
          '--served-model <id>',
          'model id to list in /v1/models; requests naming it get the upstream model (repeatable)',
        )
          .env('AUTOSKILL_PROXY_MODELS')
          .argParser(collectList)
          .default([]),
      )
      .addOption(
        new Option(
          '--upstream-timeout-ms <n>',
          'wait for the upstream’s first byte at most this long',
        )
          .env('AUTOSKILL_UPSTREAM_TIMEOUT_MS')
          .argParser(parseInteger('--upstream-timeout-ms', 100, 3_600_000)),
      )
      .addOption(
        new Option('--upstream-retries <n>', 'retries before the first byte')
          .env('AUTOSKILL_UPSTREAM_RETRIES')
          .argParser(parseInteger('--upstream-retries', 0, 10)),
      )
      .addOption(
        new Option(
          '--embeddings-source <source>',
          '/v1/embeddings from autoskill (default) or the upstream',
        )
          .env('AUTOSKILL_PROXY_EMBEDDINGS')
          .default('autoskill')
          .argParser(parseChoice('--embeddings-source', ['autoskill', 'upstream'] as const)),
      )
      .addOption(
        new Option('--max-body-bytes <n>', 'largest request body (images count)')
          .env('AUTOSKILL_PROXY_MAX_BODY_BYTES')
          .default(10_000_000)
          .argParser(parseInteger('--max-body-bytes', 1024, 1_000_000_000)),
      )
      .addOption(
        new Option(
          '--retrieval-cache-ms <n>',
          'reuse a retrieval for an identical request this long (0 = off)',
        )
          .env('AUTOSKILL_RETRIEVAL_CACHE_MS')
          .default(30_000)
          .argParser(parseInteger('--retrieval-cache-ms', 0, 86_400_000)),
      ),
  );
  addModelOptions(command, {
    flag: 'extract-llm',
    provider: 'model for learning (default: the chat model)',
    model: 'learning model id',
    baseUrl: 'learning model base URL',
    apiKey: 'learning model API key',
  });
  command.action(async (options: ProxyCommandOptions) => {
    // Loaded on use: the other commands start without the HTTP stack.
    const { loadKeysFile, resolveUpstream, startProxy } = await import('@autoskill/proxy');
    const userKeys = options.keysFile
      ? await loadKeysFile(options.keysFile).catch((error: Error) =>
          Promise.reject(new UsageError(error.message)),
        )
      : undefined;
    if (options.proxyApiKey !== undefined && options.proxyApiKey.length < 8)
      throw new UsageError('--proxy-api-key must be at least 8 characters');
    const { upstream, reason } = (() => {
      try {
        return resolveUpstream({
          provider: options.llmProvider,
          model: options.llmModel,
          baseUrl: options.llmBaseUrl,
          apiKey: options.llmApiKey,
          env: context.env,
          ...(options.upstreamTimeoutMs === undefined
            ? {}
            : { headersTimeoutMs: options.upstreamTimeoutMs }),
          ...(options.upstreamRetries === undefined ? {} : { maxRetries: options.upstreamRetries }),
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    })();
    const extractLlm = compact({
      provider: options.extractLlmProvider,
      model: options.extractLlmModel,
      baseUrl: options.extractLlmBaseUrl,
      apiKey: options.extractLlmApiKey,
    });
    const autoskill = new AutoSkill(
      configFromOptions(context, options, {
        ...(Object.keys(extractLlm).length ? { extractLlm } : {}),
      }),
    );
    const runtime = await autoskill.ready();
    for (const directory of options.libraryDir) {
      const library = libraryNameForFolder(directory);
      const existing = (await autoskill.list({ scope: 'common' })).filter(
        (skill) => skill.owner === library,
      );
      if (existing.length > 0) {
        context.io.stderr.write(
          `library ${library}: ${existing.length} skill(s) already in the store; not re-imported (use \`autoskill import --scope common\` to refresh)\n`,
        );
        continue;
      }
      const result = await autoskill.importAgentSkillDirs({
        rootDir: directory,
        scope: 'common',
        library,
      });
      context.io.stderr.write(
        `library ${library}: imported ${result.imported.length} skill(s)${result.skipped.length ? `, skipped ${result.skipped.length}` : ''}\n`,
      );
    }
    const proxy = await startProxy({
      autoskill,
      upstream,
      host: options.host,
      port: options.port,
      config: {
        defaultUserId: options.userId,
        skillScope: options.skillScope,
        rewriteMode: options.rewriteMode,
        extractMode: options.extractMode,
        extractTurnLimit: options.extractTurnLimit,
        ingestWindow: options.ingestWindow,
        minScore: options.minScore,
        topK: options.topK,
        servedModels: options.servedModel,
        embeddings: options.embeddingsSource,
        maxBodyBytes: options.maxBodyBytes,
        retrievalCacheTtlMs: options.retrievalCacheMs,
        ...(options.proxyApiKey ? { proxyApiKey: options.proxyApiKey } : {}),
        ...(userKeys ? { userKeys } : {}),
      },
    });
    const answers =
      upstream.kind === 'offline'
        ? `offline ${runtime.chosen.llm}`
        : `${upstream.provider} ${upstream.model ?? '(client model)'} at ${upstream.baseUrl}`;
    const learning = runtime.extractionModel
      ? `${runtime.extractionModel.provider}:${runtime.extractionModel.modelId}`
      : 'mock (offline rules)';
    const auth = userKeys
      ? `${Object.keys(userKeys).length} per-user key(s)`
      : options.proxyApiKey
        ? 'proxy key'
        : 'none';
    context.write(
      `AutoSkill proxy on ${proxy.url}/v1 — answers: ${answers} (${reason}); learning: ${learning}; embeddings: ${runtime.chosen.embeddings}; auth: ${auth}; store: ${runtime.storeDirectory ?? '(memory)'}\n`,
    );
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host) && auth === 'none') {
      context.io.stderr.write(
        `warning: listening on ${options.host} without --proxy-api-key or --keys-file: anyone who can reach it can read and change skills\n`,
      );
    }
    await context.io.untilStopped();
    await proxy.close();
    await autoskill.close();
  });
}
