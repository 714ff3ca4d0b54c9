import cliProgress from 'cli-progress';

/** A progress bar on stderr when it is a terminal (and not in --json mode); otherwise a no-op. */
export function createProgress(
  format: string,
  enabled: boolean,
): { update(done: number, total: number, payload?: Record<string, string>): void; stop(): void } {
  const bar =
    enabled && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  return {
    update(done, total, payload) {
      if (!bar) return;
      if (done === 1) bar.start(total, 0, payload);
      bar.update(done, payload);
    },
    stop: () => bar?.stop(),
  };
}
