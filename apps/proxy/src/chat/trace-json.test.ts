import type { RetrievalTrace } from '@autoskill/sdk';
import { describe, expect, it } from 'vitest';
import { traceJson } from './trace-json';

describe('traceJson', () => {
  it('keeps key-looking tokens a failed rewrite call quoted out of the trace', () => {
    const trace: RetrievalTrace = {
      originalQuery: 'q',
      rewrittenQuery: null,
      searchQuery: 'q',
      rewriteMode: 'always',
      scope: 'all',
      topK: 1,
      minScore: 0.1,
      hits: [],
      injectedIds: [],
      elapsedMs: 1,
      error:
        'query rewrite failed: openai: HTTP 401: Incorrect API key provided: sk-proj-Abc123456789xyz.',
    };
    expect(traceJson(trace).error).toBe(
      'query rewrite failed: openai: HTTP 401: Incorrect API key provided: [redacted].',
    );
    expect(traceJson({ ...trace, error: undefined }).error).toBeNull();
  });
});
