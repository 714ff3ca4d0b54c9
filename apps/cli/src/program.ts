import { Command, CommanderError } from 'commander';
import { registerBench } from './commands/bench';
import { registerDemo } from './commands/demo';
import { registerExport } from './commands/export';
import { registerImport } from './commands/import';
import { registerIngest } from './commands/ingest';
import { registerLearn } from './commands/learn';
import { registerList } from './commands/list';
import { registerNormalizeIds } from './commands/normalize-ids';
import { registerProxy } from './commands/proxy';
import { registerProxyCheck } from './commands/proxy-check';
import { registerSearch } from './commands/search';
import { registerRollback, registerVersions } from './commands/versions';

/** Builds the `autoskill` command tree. Exported for tests. */
export function createProgram(): Command {
  const program = new Command('autoskill')
    .description(
      'AutoSkill: learn reusable skills from LLM interactions and inject them into later requests',
    )
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({
    writeErr: (text) => process.stderr.write(text),
    // One line: "autoskill: unknown option '--x' (see autoskill --help)".
    outputError: (text, write) =>
      write(
        `autoskill: ${(text.split('\n')[0] ?? '').replace(/^error: /, '')} (see autoskill --help)\n`,
      ),
  });
  registerDemo(program);
  registerImport(program);
  registerSearch(program);
  registerIngest(program);
  registerList(program);
  registerExport(program);
  registerVersions(program);
  registerRollback(program);
  registerLearn(program);
  registerNormalizeIds(program);
  registerBench(program);
  registerProxy(program);
  registerProxyCheck(program);
  for (const command of program.commands) applyExitOverride(command);
  return program;
}

function applyExitOverride(command: Command): void {
  command.exitOverride();
  command.showHelpAfterError(false);
  for (const child of command.commands) applyExitOverride(child);
}

export { CommanderError };
