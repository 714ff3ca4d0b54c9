import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { collectList, parseChoice, parseInteger } from '../option-parsers';
import { addModelOptions, addStoreOptions } from '../store-options';
import { addTurnOptions } from '../turn-options';

/** `--workers N` (1 to 64) or `auto` (one per core). */
function parseWorkers(value: string): number {
  if (value.trim() === 'auto') return availableParallelism();
  return parseInteger('--workers', 1, 64)(value);
}

/**
 * The flags of `autoskill proxy`, shared by `autoskill web` (the same server): store, models,
 * host/port, identity, retrieval, learning, keys, upstream and worker options.
 */
export function addProxyFlags(
  command: Command,
  port: { default: number; env: string } = { default: 9000, env: 'AUTOSKILL_PROXY_PORT' },
): Command {
  addTurnOptions(command);
  addStoreOptions(
    command
      .addOption(
        new Option('--host <host>', 'interface to bind (loopback by default)')
          .env('AUTOSKILL_PROXY_HOST')
          .default('127.0.0.1'),
      )
      .addOption(
        new Option('--port <n>', 'port')
          .env(port.env)
          .default(port.default)
          .argParser(parseInteger('--port', 0, 65535)),
      )
      .addOption(
        new Option('--user-id <id>', 'user when a request names none')
          .env('AUTOSKILL_USER_ID')
          .default('u1'),
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
          '--admin-key <key>',
          'admin key (16+ chars) for DELETE /v1/autoskill/users/{id}, sent as X-AutoSkill-Admin-Key',
        ).env('AUTOSKILL_ADMIN_KEY'),
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
          '--trust-identity-header <name>',
          'take the user from this header set by a trusted front end (e.g. X-OpenWebUI-User-Id); only when the proxy is reachable through that front end alone',
        ).env('AUTOSKILL_TRUST_IDENTITY_HEADER'),
      )
      .addOption(
        new Option(
          '--served-model <id>',
          'model id to list in /v1/models; requests naming it get the upstream model (repeatable)',
        )
          .argParser(collectList)
          .default([]),
      )
      .addOption(
        new Option(
          '--served-models-json <json>',
          'models for /v1/models as JSON: ["id", {"id": "…", "owned_by": "…", "created": 0}] (or a comma list of ids)',
        ).env('AUTOSKILL_PROXY_MODELS'),
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
        new Option(
          '--upstream-deadline-ms <n>',
          'total wait for the upstream per request (attempts, backoff, a non-streamed body); default 120000',
        )
          .env('AUTOSKILL_UPSTREAM_DEADLINE_MS')
          .argParser(parseInteger('--upstream-deadline-ms', 100, 3_600_000)),
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
      )
      .addOption(
        new Option(
          '--workers <n>',
          'processes serving the port (node:cluster), "auto" = one per core; each is a full proxy over the same store',
        )
          .env('AUTOSKILL_PROXY_WORKERS')
          .default(1)
          .argParser(parseWorkers),
      )
      .addOption(
        new Option(
          '--learning-queue-per-user <n>',
          'learning jobs of one user waiting at most; more are dropped (status dropped)',
        )
          .env('AUTOSKILL_LEARNING_QUEUE_PER_USER')
          .default(20)
          .argParser(parseInteger('--learning-queue-per-user', 1, 10_000)),
      )
      .addOption(
        new Option('--learning-queue-max <n>', 'learning jobs of all users waiting at most')
          .env('AUTOSKILL_LEARNING_QUEUE_MAX')
          .default(1000)
          .argParser(parseInteger('--learning-queue-max', 1, 1_000_000)),
      )
      .addOption(
        new Option(
          '--access-log',
          'one stderr line per request: method, route, status, user, ms, injected skills (also with --verbose)',
        ).env('AUTOSKILL_ACCESS_LOG'),
      ),
  );
  addModelOptions(command, {
    flag: 'extract-llm',
    provider: 'model for learning (default: the chat model)',
    model: 'learning model id',
    baseUrl: 'learning model base URL',
    apiKey: 'learning model API key',
  });
  return command;
}
