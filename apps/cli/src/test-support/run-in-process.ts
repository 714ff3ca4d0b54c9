// Test-only: runs the CLI inside the test process with buffers for stdout/stderr and an explicit
// environment (nothing leaks in from the test runner's). Relative paths resolve against the
// test process's working directory, so pass absolute ones.
import type { CliIo } from '../cli-context';
import { runCli } from '../run-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A sink that keeps what is written; `isTTY` makes progress bars draw. */
export function textBuffer(isTTY = false): {
  write(text: string): boolean;
  text: string;
  isTTY: boolean;
} {
  return {
    text: '',
    isTTY,
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

/**
 * `autoskill <args>` in process. `stop` resolves when a long-running command (proxy) should end;
 * by default such a command would wait forever.
 */
export async function runInProcess(
  args: string[],
  options: { env?: Record<string, string | undefined>; stop?: Promise<void>; tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = textBuffer();
  const stderr = textBuffer(options.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? {},
    untilStopped: () => options.stop ?? new Promise<void>(() => {}),
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
