// Test-only: a real terminal for end-to-end tests of interactive commands. A private tmux server
// (its own socket) runs the command in a pane of a fixed size; tests type with send-keys and read
// the screen (and its scrollback) with capture-pane, as a person would see it.
import { execFile, execFileSync } from 'node:child_process';

/** True when a `tmux` binary can be run here. */
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class TmuxTerminal {
  private readonly socket =
    `autoskill-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  private constructor() {}

  /** Starts `command` in a `columns`×`rows` pane; `env` is the whole environment it gets. */
  static async start(options: {
    command: string[];
    cwd: string;
    env: Record<string, string>;
    columns?: number;
    rows?: number;
  }): Promise<TmuxTerminal> {
    const terminal = new TmuxTerminal();
    const environment = Object.entries(options.env).map(([key, value]) => `${key}=${value}`);
    // The pane stays after the command ends (to read its last words and exit code).
    const shell = `${['env', '-i', ...environment, ...options.command].map(quote).join(' ')}; echo "[exit $?]"; sleep 600`;
    await terminal.tmux([
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(options.columns ?? 80),
      '-y',
      String(options.rows ?? 24),
      '-c',
      options.cwd,
      shell,
    ]);
    return terminal;
  }

  /** Types text (literally), then waits a moment so it arrives apart from a following key. */
  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', 'main', '-l', text]);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  /** Presses keys by tmux name (`Enter`, `Escape`, `Up`, `C-c`). */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.tmux(['send-keys', '-t', 'main', key]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Resizes the terminal (the program gets SIGWINCH, as when a person drags the window). */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)]);
  }

  /** The screen now, with `history` lines of scrollback above it; `escapes` keeps colours and styles. */
  screen(history = 0, escapes = false): Promise<string> {
    return this.tmux([
      'capture-pane',
      '-p',
      '-t',
      'main',
      '-J',
      ...(escapes ? ['-e'] : []),
      ...(history ? ['-S', `-${history}`] : []),
    ]);
  }

  /** Waits until the screen (with scrollback) contains `text`; fails with the screen if it never does. */
  async waitFor(
    text: string | RegExp,
    options: { timeoutMs?: number; history?: number } = {},
  ): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const screen = await this.screen(options.history ?? 0);
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`the terminal never showed ${String(text)}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Stops the tmux server (and whatever still runs in it). */
  async stop(): Promise<void> {
    await this.tmux(['kill-server']).catch(() => {});
  }

  private tmux(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile('tmux', ['-L', this.socket, ...args], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
  }
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
