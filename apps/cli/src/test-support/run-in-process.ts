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

/** A long-running command (proxy, web) served in process: its URL, output and a way to stop it. */
export interface ServedInProcess {
  url: string;
  stdout: ReturnType<typeof textBuffer>;
  stderr: ReturnType<typeof textBuffer>;
  /** Asks the command to stop (as SIGINT/SIGTERM would) and resolves with its exit code. */
  stop(): Promise<number>;
}

/**
 * Starts `autoskill <args>` in process and resolves once stdout announces where it listens:
 * `announcement` captures the URL. Rejects with stderr if the command exits first.
 */
export async function serveInProcess(
  args: string[],
  env: Record<string, string | undefined>,
  announcement: RegExp,
): Promise<ServedInProcess> {
  let release: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (release = resolve));
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const stdout = textBuffer();
  const stderr = textBuffer();
  const io: CliIo = {
    stdout: {
      isTTY: false,
      write(text: string) {
        stdout.write(text);
        const url = announcement.exec(stdout.text)?.[1];
        if (url) announce(url);
        return true;
      },
    },
    stderr,
    env,
    untilStopped: () => stopped,
  };
  const exit = runCli(args, io);
  const url = await Promise.race([
    announced,
    exit.then((code) =>
      Promise.reject(new Error(`autoskill ${args[0]} exited with ${code}: ${stderr.text}`)),
    ),
  ]);
  return {
    url,
    stdout,
    stderr,
    stop: () => {
      release();
      return exit;
    },
  };
}
