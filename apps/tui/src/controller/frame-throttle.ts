/**
 * Passes on the newest value at most once per frame: answer deltas arrive far more often than a
 * terminal should repaint (≤ 30 fps keeps big answers from flickering).
 */
export class FrameThrottle<T> {
  private timer: NodeJS.Timeout | undefined;
  private latest: { value: T } | undefined;

  constructor(
    private readonly show: (value: T) => void,
    private readonly frameMs = 33,
  ) {}

  push(value: T): void {
    this.latest = { value };
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.latest) this.show(this.latest.value);
      this.latest = undefined;
    }, this.frameMs);
  }

  /** Drops what waits (the final value is shown another way). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
  }
}
