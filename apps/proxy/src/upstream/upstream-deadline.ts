import { clientGone, UpstreamUnavailableError } from './upstream-unavailable-error';

/**
 * One request's clock: `signal` aborts when the client leaves or when the total deadline passes
 * (every attempt, backoff and body read of the call listen to it). `stop()` ends the clock once
 * the answer is on its way to the client (a stream's first byte): the client leaving still
 * aborts. `failure()` says which of the two cut a call short.
 */
export class UpstreamDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly endsAt: number;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private passed = false;

  constructor(
    private readonly client: AbortSignal,
    readonly milliseconds: number,
  ) {
    this.signal = this.controller.signal;
    this.endsAt = performance.now() + milliseconds;
    if (client.aborted) {
      this.controller.abort(client.reason);
      return;
    }
    client.addEventListener('abort', this.onClientAbort, { once: true });
    this.timer = setTimeout(this.onDeadline, milliseconds);
  }

  private readonly onClientAbort = () => {
    clearTimeout(this.timer);
    this.controller.abort(this.client.reason);
  };

  private readonly onDeadline = () => {
    this.passed = true;
    this.controller.abort(this.timeoutError());
  };

  /** True once the deadline passed (not when the client left). */
  get expired(): boolean {
    return this.passed;
  }

  /** Milliseconds left; a wait longer than this cannot end before the deadline. */
  remaining(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** The answer is reaching the client: no deadline from now on (the client's abort still counts). */
  stop(): void {
    clearTimeout(this.timer);
  }

  /** The call is over: no deadline, and the client's signal is let go. */
  dispose(): void {
    clearTimeout(this.timer);
    this.client.removeEventListener('abort', this.onClientAbort);
  }

  /** Why `signal` aborted: the deadline (a 504) or the client (a 499). */
  failure(): UpstreamUnavailableError {
    return this.passed ? this.timeoutError() : clientGone();
  }

  /** `promise`, or the failure as soon as `signal` aborts (for calls that might not listen). */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.failure());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.failure());
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private timeoutError(): UpstreamUnavailableError {
    return new UpstreamUnavailableError(
      `the upstream did not answer within the ${this.milliseconds} ms deadline (--upstream-deadline-ms)`,
      'timeout',
    );
  }
}
