import type { Logger } from '../logger';

/**
 * A warning that repeats at most once per `intervalMs` and says how often its cause happened
 * since the last one, so a full queue or a broken disk cannot flood the log.
 */
export class RateLimitedWarning {
  private last = Number.NEGATIVE_INFINITY;
  private count = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  /** Counts one occurrence; logs `message(count)` when the interval has passed. */
  warn(message: (count: number) => string): void {
    this.count++;
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.logger.warn(message(this.count));
    this.last = now;
    this.count = 0;
  }
}
