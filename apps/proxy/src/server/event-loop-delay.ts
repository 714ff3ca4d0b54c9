import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the recent maximum is rolled over. */
const WINDOW_MS = 250;

let monitor: ReturnType<typeof monitorEventLoopDelay> | undefined;
let previousWindowMaxMs = 0;

/**
 * How long work arriving now waits for this process's event loop: the largest delay of a 5 ms
 * timer over the current and the previous 250 ms window. A request that arrives while the loop
 * is busy (other requests, a burst) sits in the socket for about this long before any of the
 * proxy's code runs, which no timestamp taken inside a handler can see.
 */
export function eventLoopDelayMs(): number {
  if (!monitor) {
    monitor = monitorEventLoopDelay({ resolution: 5 });
    monitor.enable();
    setInterval(() => {
      previousWindowMaxMs = (monitor?.max ?? 0) / 1e6;
      monitor?.reset();
    }, WINDOW_MS).unref();
  }
  // The histogram counts the 5 ms resolution itself as delay: only the excess is waiting.
  const current = monitor.count > 0 ? monitor.max / 1e6 : 0;
  return Math.max(0, Math.max(current, previousWindowMaxMs) - 5);
}
