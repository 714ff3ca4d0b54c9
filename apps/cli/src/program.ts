import { Command, CommanderError } from 'commander';
import { callerDirectory, resolvePathOptions } from './caller-directory';
import type { CliContext } from './cli-context';
import { registerBench } from './commands/bench';
import { registerChat } from './commands/chat';
import { registerCopyStore } from './commands/copy-store';
import { registerDemo } from './commands/demo';
import { registerEval } from './commands/eval';
import { registerExport } from './commands/export';
import { registerForgetUser } from './commands/forget-user';
import { registerImport } from './commands/import';
import { registerIngest } from './commands/ingest';
import { registerLearn } from './commands/learn';
import { registerList } from './commands/list';
import { registerMigrate } from './commands/migrate';
import { registerNormalizeIds } from './commands/normalize-ids';
import { registerProxy } from './commands/proxy';
import { registerProxyCheck } from './commands/proxy-check';
import { registerPrune, registerRestore } from './commands/prune';
import { registerReview } from './commands/review';
import { registerSearch } from './commands/search';
import { registerShow } from './commands/show';
import { registerRollback, registerVersions } from './commands/versions';
import { registerWeb } from './commands/web';
import { applyEnvironment } from './environment-options';

/** Builds the `autoskill` command tree for one run; output and environment come from `context`. */
export function createProgram(context: CliContext): Command {
  const program = new Command('autoskill')
    .description(
      'AutoSkill: learn reusable skills from LLM interactions and inject them into later requests',
    )
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(text),
    // One line: "autoskill: unknown option '--x' (see autoskill --help)".
    outputError: (text, write) =>
      write(
        `autoskill: ${(text.split('\n')[0] ?? '').replace(/^error: /, '')} (see autoskill --help)\n`,
      ),
  });
  for (const register of [
    registerDemo,
    registerImport,
    registerSearch,
    registerIngest,
    registerList,
    registerShow,
    registerExport,
    registerVersions,
    registerRollback,
    registerLearn,
    registerNormalizeIds,
    registerForgetUser,
    registerReview,
    registerPrune,
    registerRestore,
    registerBench,
    registerProxy,
    registerProxyCheck,
    registerEval,
    registerWeb,
    registerChat,
    registerMigrate,
    registerCopyStore,
  ])
    register(program, context);
  // Environment fallbacks come from the run's environment (a test's, or the process's).
  program.hook('preAction', (_root, action) => {
    applyEnvironment(action, context.env);
    // Relative paths are the caller's, also under `pnpm autoskill` (which runs at the repo root).
    resolvePathOptions(action, callerDirectory(context.env));
  });
  for (const command of program.commands) inheritSettings(command);
  return program;
}

function inheritSettings(command: Command): void {
  command.exitOverride();
  command.showHelpAfterError(false);
  for (const child of command.commands) inheritSettings(child);
}

export { CommanderError };
