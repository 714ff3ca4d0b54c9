import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInteger } from '../option-parsers';

interface ProxyCheckCommandOptions {
  baseUrl: string;
  apiKey?: string;
  user?: string;
  model?: string;
  timeoutMs: number;
  skipEmbeddings?: boolean;
}

export function registerProxyCheck(program: Command, context: CliContext): void {
  program
    .command('proxy-check')
    .description(
      'health and streaming check of a running proxy: one PASS/FAIL line per endpoint; exit 0 only if all pass',
    )
    .addOption(
      new Option('--base-url <url>', 'proxy URL')
        .env('AUTOSKILL_PROXY_URL')
        .default('http://127.0.0.1:9000'),
    )
    .addOption(
      new Option('--api-key <key>', 'proxy or per-user key').env('AUTOSKILL_PROXY_API_KEY'),
    )
    .option('--user <id>', 'user the checks act as (default: a throwaway proxy-check-XXXXXXXX)')
    .option('--model <id>', 'model for the chat checks (default: the first listed)')
    .addOption(
      new Option('--timeout-ms <n>', 'time limit per check')
        .default(60_000)
        .argParser(parseInteger('--timeout-ms', 100, 3_600_000)),
    )
    .option('--skip-embeddings', 'do not check /v1/embeddings')
    .action(async (options: ProxyCheckCommandOptions) => {
      const { runProxyCheck } = await import('@autoskill/proxy');
      const results = await runProxyCheck({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        ...(options.user ? { user: options.user } : {}),
        model: options.model,
        timeoutMs: options.timeoutMs,
        skipEmbeddings: options.skipEmbeddings === true,
        onResult: (result) =>
          context.write(
            `${result.ok ? 'PASS' : 'FAIL'}  ${result.name.padEnd(18)} ${Math.round(result.elapsedMs).toString().padStart(5)} ms  ${result.detail}\n`,
          ),
      });
      const failed = results.filter((result) => !result.ok).length;
      context.write(
        failed === 0
          ? `all ${results.length} checks passed\n`
          : `${failed} of ${results.length} checks failed\n`,
      );
      if (failed > 0) context.exitCode = 1;
    });
}
