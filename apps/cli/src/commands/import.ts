import { stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInteger, parseScope } from '../option-parsers';
import { createProgress } from '../progress';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface ImportCommandOptions extends StoreOptions {
  rootDir?: string;
  scope: 'user' | 'common';
  userId?: string;
  library?: string;
  overwrite: boolean;
  includeFiles: boolean;
  maxFileBytes: number;
  maxDepth: number;
  json?: boolean;
}

export function registerImport(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('import')
      .description('import every **/SKILL.md folder (with its resources) under a directory')
      .option('--root-dir <dir>', 'folder to import from')
      .addOption(
        new Option('--scope <scope>', 'user | common')
          .default('user')
          .argParser(parseScope('--scope', ['user', 'common'] as const)),
      )
      .addOption(new Option('--user-id <id>', 'owner for --scope user').env('AUTOSKILL_USER_ID'))
      .option('--library <name>', 'library name for --scope common (default: the folder name)')
      .option('--no-overwrite', 'keep skills whose id already exists')
      .option('--no-include-files', 'import SKILL.md only, without resources')
      .addOption(
        new Option('--max-file-bytes <n>', 'largest resource file')
          .default(1_000_000)
          .argParser(parseInteger('--max-file-bytes', 1, 100_000_000)),
      )
      .addOption(
        new Option('--max-depth <n>', 'how deep to look for SKILL.md')
          .default(6)
          .argParser(parseInteger('--max-depth', 0, 32)),
      )
      .option('--json', 'print the summary as JSON'),
  ).action(async (options: ImportCommandOptions, command: Command) => {
    if (!options.rootDir) throw new UsageError('--root-dir is required');
    // A library has no owning user: refuse rather than silently ignore (AUTOSKILL_USER_ID may stay set).
    if (options.scope === 'common' && command.getOptionValueSource('userId') === 'cli')
      throw new UsageError('--user-id is for --scope user; name a library with --library NAME');
    const info = await stat(options.rootDir).catch(() => undefined);
    if (!info?.isDirectory())
      throw new UsageError(`--root-dir ${JSON.stringify(options.rootDir)} is not a folder`);
    const userId = options.scope === 'user' ? (options.userId ?? 'u1') : undefined;
    const autoskill = openAutoSkill(context, options);
    const bar = createProgress(
      context.io.stderr,
      'import [{bar}] {value}/{total} {path}',
      !options.json,
    );
    try {
      const result = await autoskill.importAgentSkillDirs({
        rootDir: options.rootDir,
        scope: options.scope,
        ...(userId ? { userId } : {}),
        ...(options.library ? { library: options.library } : {}),
        overwrite: options.overwrite,
        includeFiles: options.includeFiles,
        maxFileBytes: options.maxFileBytes,
        maxDepth: options.maxDepth,
        onProgress: ({ done, total, path }) => bar.update(done, total, { path: path.slice(-40) }),
      });
      bar.stop();
      const summary = {
        imported: result.imported.length,
        skipped: result.skipped,
        warnings: result.warnings,
        total: result.total,
        scope: options.scope,
        owner: userId ?? result.imported[0]?.owner ?? options.library,
        skillsPerSecond:
          result.elapsedMs > 0
            ? Math.round((result.imported.length / result.elapsedMs) * 1000)
            : undefined,
      };
      if (options.json) context.json(summary);
      else {
        context.write(
          `Imported ${summary.imported} of ${summary.total} skill folder(s) into ${options.scope} scope (${summary.owner}).\n`,
        );
        for (const entry of result.skipped)
          context.write(`  skipped ${entry.path}: ${entry.reason}\n`);
        if (result.warnings.length)
          context.write(`  ${result.warnings.length} warning(s); use --json to see them\n`);
      }
      context.exitCode = result.imported.length > 0 ? 0 : 1;
    } finally {
      bar.stop();
      await autoskill.close();
    }
  });
}
