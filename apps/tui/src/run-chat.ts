import type { AutoSkill, SessionSettings } from '@autoskill/sdk';
import { ChatController } from './controller/chat-controller';
import { runLineMode } from './line-mode/run-line-mode';

/** What `autoskill chat` starts the app with. */
export interface RunChatOptions {
  autoskill: AutoSkill;
  userId: string;
  settings?: Partial<SessionSettings>;
  /** Shown in the banner (the store root as the user gave it). */
  storeDir: string;
  stdin?: NodeJS.ReadStream | NodeJS.ReadableStream;
  stdout?: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Where `/file` and `/write` paths are relative to (default: the working directory). */
  cwd?: string;
  /** Plain output even on a terminal (also when `stdin` or `stdout` is not a TTY). */
  plain?: boolean;
}

/**
 * Runs the terminal chat until the user leaves: the Ink app on a terminal, the plain line mode
 * when stdin or stdout is not one. Closes the AutoSkill client before it returns.
 */
export async function runChat(options: RunChatOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const interactive =
    !options.plain && (stdin as { isTTY?: boolean }).isTTY === true && stdout.isTTY === true;
  const controller = new ChatController({
    autoskill: options.autoskill,
    userId: options.userId,
    storeDir: options.storeDir,
    interactive,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (!interactive) return runLineMode(controller, stdin, stdout);
  const { runInkApp } = await importInkOnTerminal();
  return runInkApp(controller, stdin as NodeJS.ReadStream, stdout as NodeJS.WriteStream);
}

/**
 * Loads Ink for a real terminal. Ink decides once, at import, whether it runs in CI (then it only
 * prints the last frame at exit); a person at a terminal with CI variables set (or our tmux test
 * under CI) still needs live frames, so CI is reported off while Ink is loaded (colour stays off
 * there: chalk sees a CI variable).
 */
async function importInkOnTerminal(): Promise<typeof import('./app/run-ink-app')> {
  const ci = process.env.CI;
  // Only when set: colour support (chalk) turns off for any CI variable, even CI=false.
  if (ci !== undefined) process.env.CI = 'false';
  try {
    return await import('./app/run-ink-app');
  } finally {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  }
}
