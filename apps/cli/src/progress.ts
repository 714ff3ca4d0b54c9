import cliProgress from 'cli-progress';
import type { TextSink } from './cli-context';

/** A progress bar on `stream` when it is a terminal (and not in --json mode); otherwise a no-op. */
export function createProgress(
  stream: TextSink,
  format: string,
  enabled: boolean,
): { update(done: number, total: number, payload?: Record<string, string>): void; stop(): void } {
  const bar =
    enabled && stream.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format,
            hideCursor: true,
            clearOnComplete: true,
          },
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
