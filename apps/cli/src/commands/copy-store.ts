import { resolve } from 'node:path';
import { AutoSkill, type CopySkillsReport } from '@autoskill/sdk';
import type { Command } from 'commander';
import { callerDirectory } from '../caller-directory';
import type { CliContext } from '../cli-context';
import { addModelOptions, configFromOptions, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface CopyStoreOptions extends Omit<StoreOptions, 'storeDir'> {
  from: string;
  to: string;
  json?: boolean;
}

/** A URL (`postgres://…`, `pglite:///…`) names a database; anything else is a store folder. */
const isUrl = (location: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

export function registerCopyStore(program: Command, context: CliContext): void {
  addModelOptions(
    program
      .command('copy-store')
      .description(
        'copy every skill with its history from one store to another: a folder or a database URL each way; re-runs copy only what is new',
      )
      .requiredOption('--from <location>', 'store folder or database URL to copy from')
      .requiredOption('--to <location>', 'store folder or database URL to copy into')
      .option('--json', 'print JSON')
      .option('--verbose', 'also log which providers were chosen (stderr)'),
    {
      flag: 'embeddings',
      provider: 'hashing | none | openai | dashscope | qwen | glm | generic (to index the copies)',
      model: 'embedding model id',
      baseUrl: 'embeddings base URL',
      apiKey: 'embeddings API key',
    },
  ).action(async (options: CopyStoreOptions) => {
    const base = callerDirectory(context.env);
    const place = (location: string) =>
      isUrl(location) ? { databaseUrl: location } : { storeDir: resolve(base, location) };
    const from = place(options.from);
    const to = place(options.to);
    if (JSON.stringify(from) === JSON.stringify(to))
      throw new UsageError('copy-store needs two different stores (--from and --to are the same)');
    const open = (where: { storeDir?: string; databaseUrl?: string }) =>
      new AutoSkill(
        configFromOptions(context, { ...options, storeDir: where.storeDir ?? 'Skills' }, where),
      );
    const source = open(from);
    const target = open(to);
    try {
      const report = await target.copySkillsFrom(source);
      if (options.json) return context.json(report);
      context.line(describe(report));
    } finally {
      await Promise.allSettled([source.close(), target.close()]);
    }
  });
}

function describe(report: CopySkillsReport): string {
  const newer = report.skippedNewer.length
    ? `; ${report.skippedNewer.length} left alone (newer in the target)`
    : '';
  return `${report.created.length} skill(s) copied, ${report.updated.length} updated, ${report.unchanged.length} unchanged${newer}; ${report.revisions} revision(s) written`;
}
