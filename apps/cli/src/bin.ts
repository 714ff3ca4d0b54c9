#!/usr/bin/env node
import { AutoSkillError } from '@autoskill/core';
import { CommanderError, createProgram } from './program';
import { UsageError } from './usage-error';

/** Exit codes: 0 ok, 1 the work failed, 2 bad arguments or input (one line on stderr). */
async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2; // commander already printed one line
    }
    if (error instanceof UsageError) {
      process.stderr.write(`autoskill: ${error.message}\n`);
      return 2;
    }
    if (AutoSkillError.isInstance(error)) {
      process.stderr.write(`autoskill: ${error.message}\n`);
      return [
        'INVALID_ARGUMENT',
        'UNSAFE_PATH',
        'SKILL_NOT_FOUND',
        'SKILL_PARSE_ERROR',
        'SKILL_VALIDATION_ERROR',
        'READ_ONLY',
      ].includes(error.code)
        ? 2
        : 1;
    }
    process.stderr.write(`autoskill: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
