import { migrateDatabase } from '@autoskill/sdk';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { addDatabaseUrlOption } from '../store-options';
import { UsageError } from '../usage-error';

export function registerMigrate(program: Command, context: CliContext): void {
  addDatabaseUrlOption(
    program
      .command('migrate')
      .description("bring a database's AutoSkill schema up to date and print its version")
      .option('--check', 'change nothing; exit 1 when migrations are pending')
      .option('--json', 'print JSON'),
    'the database to migrate',
  ).action(async (options: { databaseUrl?: string; check?: boolean; json?: boolean }) => {
    if (!options.databaseUrl)
      throw new UsageError('migrate needs --database-url <url> (or DATABASE_URL)');
    const result = await migrateDatabase(options.databaseUrl, { check: options.check === true });
    if (options.check && result.applied > 0) context.exitCode = 1;
    if (options.json) return context.json(result);
    if (options.check)
      return context.line(
        result.applied > 0
          ? `schema version ${result.version}; ${result.applied} migration(s) pending (latest ${result.latest}): run autoskill migrate`
          : `schema version ${result.version}; up to date`,
      );
    context.line(
      `schema version ${result.version}; ${result.applied} migration(s) applied${result.applied === 0 ? ' (up to date)' : ''}`,
    );
  });
}
