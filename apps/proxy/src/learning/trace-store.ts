import type { TraceJson } from '../serializers';

/** What the proxy remembers about one chat request, for `GET /v1/autoskill/traces/{id}`. */
export interface TraceRecord {
  id: string;
  userId: string;
  createdAt: string;
  retrieval: TraceJson;
  jobId: string | null;
  /** `pending` until a streamed answer ends; `skipped` when nothing was learned; `upstream_failed`. */
  learning: 'pending' | 'scheduled' | 'skipped' | 'upstream_failed';
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
}
