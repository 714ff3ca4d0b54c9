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
    expect(header).toBe(
      'autoskill;dur=0.50;desc="AutoSkill before the upstream call", retrieval;dur=0.33, upstream;dur=210.25',
    );
    expect(parseServerTiming(header)).toEqual({
      autoskill: 0.5,
      retrieval: 0.33,
      upstream: 210.25,
    });
  });

  it('never reports a negative duration', () => {
    const header = serverTiming({ receivedAt: 5, retrievalMs: -1, upstreamAt: 4, answeredAt: 3 });
    expect(Object.values(parseServerTiming(header))).toEqual([0, 0, 0]);
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
