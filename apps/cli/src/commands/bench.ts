import { stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { runRetrievalBenchmark } from '../bench/retrieval-benchmark';
import type { CliContext } from '../cli-context';
import { parseInteger } from '../option-parsers';
import { UsageError } from '../usage-error';
import { registerLearningBench } from './bench-learning';

export function registerBench(program: Command, context: CliContext): void {
  const bench = program.command('bench').description('benchmarks that print figures as JSON');
  bench
    .command('retrieval')
    .description(
      'recall@1/@5, MRR, search p50/p95 ms and import rate on a folder of SKILL.md folders',
    )
    .option(
      '--skills-dir <dir>',
      'folder of skill folders (e.g. ../shared/data/skillbank-dev/english)',
    )
    .addOption(
      new Option('--scale <n>', 'pad the index with synthetic copies up to N skills').argParser(
        parseInteger('--scale', 1, 1_000_000),
      ),
    )
    .addOption(
      new Option('--max-queries <n>', 'cap the number of queries').argParser(
        parseInteger('--max-queries', 1, 10_000_000),
      ),
    )
    .addOption(
      new Option('--import-runs <n>', 'imports into fresh stores to time (median reported)')
        .default(3)
        .argParser(parseInteger('--import-runs', 1, 100)),
    )
    .option('--embeddings-provider <name>', 'hashing (default) or none', 'hashing')
    .action(
      async (options: {
        skillsDir?: string;
        scale?: number;
        maxQueries?: number;
        importRuns: number;
        embeddingsProvider: string;
      }) => {
        if (!options.skillsDir) throw new UsageError('--skills-dir is required');
        const info = await stat(options.skillsDir).catch(() => undefined);
        if (!info?.isDirectory())
          throw new UsageError(`--skills-dir ${JSON.stringify(options.skillsDir)} is not a folder`);
        context.json(
          await runRetrievalBenchmark({
            skillsDir: options.skillsDir,
            ...(options.scale ? { scale: options.scale } : {}),
            ...(options.maxQueries ? { maxQueries: options.maxQueries } : {}),
            embeddings: options.embeddingsProvider,
            importRuns: options.importRuns,
          }),
        );
      },
    );
  registerLearningBench(bench, context);
}
