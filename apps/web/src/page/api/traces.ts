import { ApiError, apiJson } from './client';
import type { TraceRecord } from './types';

/**
 * A chat turn's trace. The learning job is scheduled once the answer is complete, so a trace
 * read right after the stream may not name it yet: ask a few times until it does.
 */
export async function fetchTrace(
  traceId: string,
  waitForJob = false,
): Promise<TraceRecord | undefined> {
  for (let attempt = 0; attempt < (waitForJob ? 8 : 1); attempt += 1) {
    try {
      const trace = await apiJson<TraceRecord>(
        `/v1/autoskill/traces/${encodeURIComponent(traceId)}`,
      );
      if (!waitForJob || trace.extraction || trace.learning !== 'pending') return trace;
      if (attempt === 7) return trace;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 150 * (attempt + 1)));
  }
  return undefined;
}
