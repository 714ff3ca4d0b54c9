import { describe, expect, it } from 'vitest';
import { parseServerTiming, serverTiming } from './server-timing';

describe('Server-Timing', () => {
  it('reads back what it writes: the proxy before the upstream, retrieval, upstream', () => {
    const header = serverTiming({
      receivedAt: 100,
      retrievalMs: 0.3333,
      upstreamAt: 100.5,
      answeredAt: 310.75,
    });
    expect(header).toMatch(
      /^queue;dur=\d+\.\d\d;desc="waiting for the event loop \(recent max\)", autoskill;dur=0\.50;desc="AutoSkill before the upstream call", retrieval;dur=0\.33, upstream;dur=210\.25$/,
    );
    expect(parseServerTiming(header)).toMatchObject({
      autoskill: 0.5,
      retrieval: 0.33,
      upstream: 210.25,
    });
  });

  it('never reports a negative duration', () => {
    const header = serverTiming({ receivedAt: 5, retrievalMs: -1, upstreamAt: 4, answeredAt: 3 });
    const { queue: _queue, ...rest } = parseServerTiming(header);
    expect(Object.values(rest)).toEqual([0, 0, 0]);
  });

  it('shows the time requests wait for a busy event loop as `queue`', async () => {
    const timings = { receivedAt: 0, retrievalMs: 0, upstreamAt: 0, answeredAt: 0 };
    serverTiming(timings); // starts the monitor
    await new Promise((resolve) => setTimeout(resolve, 20));
    const blockedUntil = performance.now() + 120;
    while (performance.now() < blockedUntil) {
      // The loop is busy, as it is while a burst of requests is handled.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(parseServerTiming(serverTiming(timings)).queue).toBeGreaterThanOrEqual(60);
  });

  it('joins repeated headers and skips entries without a usable duration', () => {
    expect(parseServerTiming(['cdn;dur=1.5', 'db;desc="no time", app;dur=x, edge;dur=2'])).toEqual({
      cdn: 1.5,
      edge: 2,
    });
    expect(parseServerTiming(undefined)).toEqual({});
    expect(parseServerTiming('')).toEqual({});
  });
});
