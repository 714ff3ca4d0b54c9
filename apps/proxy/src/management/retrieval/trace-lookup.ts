import type { TraceRecord } from '../../chat/trace-store';
import { traceOwner } from '../../chat/trace-store';
import type { ProxyDependencies } from '../../server/proxy-dependencies';
import { jobEvent } from '../extractions/job-json';

/** Bus topic: "give me this trace" (asked of the process that handed out its id). */
export const TRACE_TOPIC = 'trace';

/** A trace with the state of its learning job, as the process that owns both sees them. */
export interface FoundTrace {
  record: TraceRecord;
  extraction: ReturnType<typeof jobEvent> | null;
}

/** The trace if this process handed it out. */
export function localTrace(deps: ProxyDependencies, id: string): FoundTrace | undefined {
  const record = deps.traces.get(id);
  if (!record) return undefined;
  const job = record.jobId ? deps.autoskill.learning.get(record.jobId) : undefined;
  return { record, extraction: job ? jobEvent(job) : null };
}

/**
 * A trace by id, wherever it lives: here, or in the worker process that handed out the id (asked
 * over the cluster bus with `--workers N`). Undefined when unknown or its process is gone.
 */
export async function findTrace(
  deps: ProxyDependencies,
  id: string,
): Promise<FoundTrace | undefined> {
  const local = localTrace(deps, id);
  if (local) return local;
  const owner = traceOwner(id);
  if (!owner || owner === deps.bus.self) return undefined;
  return deps.bus.ask<FoundTrace>(owner, TRACE_TOPIC, id);
}
