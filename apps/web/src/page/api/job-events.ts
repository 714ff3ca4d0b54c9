import { apiFetch } from './client';
import { readSse } from './sse';
import type { ExtractionEvent } from './types';

/**
 * Follows a learning job over its SSE events route until it is done; `onUpdate` gets every
 * status change (scheduled → running → completed | failed | dropped).
 */
export async function followJob(
  jobId: string,
  onUpdate: (event: ExtractionEvent) => void,
  signal?: AbortSignal,
): Promise<ExtractionEvent | undefined> {
  let last: ExtractionEvent | undefined;
  const response = await apiFetch(
    `/v1/autoskill/extractions/${encodeURIComponent(jobId)}/events?timeout_s=120`,
    { ...(signal ? { signal } : {}), headers: { accept: 'text/event-stream' } },
  );
  await readSse(response.body as ReadableStream<Uint8Array>, (message) => {
    if (message.data === '[DONE]') return;
    last = JSON.parse(message.data) as ExtractionEvent;
    onUpdate(last);
  });
  return last;
}

/** The outcome of a finished job in words. */
export function outcomeText(event: ExtractionEvent): string {
  if (event.status === 'scheduled') return 'learning scheduled';
  if (event.status === 'running') return 'learning…';
  if (event.status === 'failed') return `learning failed: ${event.error ?? 'unknown error'}`;
  if (event.status === 'dropped') return `learning skipped: ${event.drop_reason ?? 'queue full'}`;
  const added = event.added.map((skill) => `added "${skill.name}" v${skill.version}`);
  const merged = event.merged.map((skill) => `merged into "${skill.name}" v${skill.version}`);
  const drafted = (event.drafted ?? []).map(
    (skill) => `drafted "${skill.name}" v${skill.version} for review`,
  );
  const parts = [...added, ...merged, ...drafted];
  if (parts.length > 0) return parts.join('; ');
  return `nothing learned${event.reason ? ` (${event.reason})` : ''}`;
}
