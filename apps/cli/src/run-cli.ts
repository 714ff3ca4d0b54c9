import { AutoSkillError } from '@autoskill/core';
import { CliContext, type CliIo, processIo } from './cli-context';
import { CommanderError, createProgram } from './program';
import { UsageError } from './usage-error';

/** Error codes that mean the input was wrong (exit 2), not that the work failed (exit 1). */
const BAD_INPUT_CODES = new Set([
  'INVALID_ARGUMENT',
  'UNSAFE_PATH',
  'SKILL_NOT_FOUND',
  'SKILL_PARSE_ERROR',
  'SKILL_VALIDATION_ERROR',
  'READ_ONLY',
]);

/**
 * Runs `autoskill <argv>` and returns the exit code: 0 ok, 1 the work failed, 2 bad arguments or
 * input (one line on stderr). `io` defaults to the real process; tests pass buffers and an env.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const context = new CliContext(io);
  const program = createProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `--help` and `help` exit 0; help shown because no (sub)command was given is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code))
        return error.exitCode === 0 ? 0 : 2;
      return 2; // commander already printed one line
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`autoskill: ${oneLine(message)}\n`);
    if (error instanceof UsageError) return 2;
    if (AutoSkillError.isInstance(error)) return BAD_INPUT_CODES.has(error.code) ? 2 : 1;
    return 1;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
