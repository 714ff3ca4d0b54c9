import { randomBytes } from 'node:crypto';
import type { TraceJson } from './trace-json';

/** What the proxy remembers about one chat request, for `GET /v1/autoskill/traces/{id}`. */
export interface TraceRecord {
  id: string;
  userId: string;
  createdAt: string;
  retrieval: TraceJson;
  jobId: string | null;
  /**
   * `pending` until a streamed answer ends; `skipped` when nothing was learned; `dropped` when the
   * learning queue was full; `upstream_failed`.
   */
  learning: 'pending' | 'scheduled' | 'skipped' | 'dropped' | 'upstream_failed';
}

/** The last `capacity` traces (oldest dropped first). */
export class TraceStore {
  private readonly records = new Map<string, TraceRecord>();

  constructor(private readonly capacity = 2000) {}

  put(record: TraceRecord): void {
    this.records.set(record.id, record);
    while (this.records.size > this.capacity) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
    }
  }

  get(id: string): TraceRecord | undefined {
    return this.records.get(id);
  }

  /** Drops every trace of a user (forget-user); returns how many. */
  forgetUser(userId: string): number {
    let removed = 0;
    for (const [id, record] of this.records)
      if (record.userId === userId && this.records.delete(id)) removed++;
    return removed;
  }
}

// 16 random hex digits per process and a counter: unique ids without a random draw per request
// (a trace is only shown to the user it belongs to, so its id need not be unguessable).
/** This process's tag: the first half of every trace id it hands out. */
export const PROCESS_TAG = randomBytes(8).toString('hex');
let sequence = 0;

/** A new trace id: `trace_` and 32 hex digits (this process's tag, then a counter). */
export function newTraceId(): string {
  sequence++;
  return `trace_${PROCESS_TAG}${sequence.toString(16).padStart(16, '0')}`;
}

/** The tag of the process that handed out a trace id (undefined for a malformed id). */
export function traceOwner(id: string): string | undefined {
  return /^trace_([0-9a-f]{16})[0-9a-f]{16}$/.exec(id)?.[1];
}
