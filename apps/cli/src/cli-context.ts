import type { Logger } from '@autoskill/sdk';

/** Where a command writes text: a terminal, a pipe, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What a run of the CLI talks to. `processIo()` is the real process; tests pass buffers. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Input for interactive commands (`chat`); the process's stdin when absent. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Environment for AUTOSKILL_* fallbacks and vendor keys. */
  env: Record<string, string | undefined>;
  /** Resolves when long-running commands (`proxy`) should stop: SIGINT/SIGTERM for a process. */
  untilStopped(): Promise<void>;
}

/** The real process: its streams, its environment, and SIGINT/SIGTERM as the stop signal. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/** One run of the CLI: output helpers and the exit code a command asks for. */
export class CliContext {
  /** Exit code when the command returns normally (a command sets 1 when its work failed). */
  exitCode = 0;

  constructor(readonly io: CliIo) {}

  get env(): Record<string, string | undefined> {
    return this.io.env;
  }

  /** Writes text to stdout as is. */
  write(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes one line to stdout. */
  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Writes one line to stderr (diagnostics, never machine-readable output). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Prints JSON to stdout: pretty, or one line per value for streams of results. */
  json(value: unknown, pretty = true): void {
    this.io.stdout.write(`${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
  }

  /** Warnings and errors on stderr; `verbose` adds the informational lines (provider choice, rebuilds). */
  logger(verbose = false): Logger {
    const write = (prefix: string) => (message: string) =>
      this.io.stderr.write(`[autoskill] ${prefix}${message}\n`);
    return {
      info: verbose ? write('') : () => {},
      warn: write('warning: '),
      error: write('error: '),
    };
  }
}
