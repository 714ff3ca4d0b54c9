import type { ExtractionJob } from '@autoskill/sdk';

/** What a learning job is doing, in the words the panel and the transcript use. */
export function jobLabel(job: ExtractionJob, now: number = Date.now()): string {
  switch (job.status) {
    case 'scheduled':
      return 'scheduled';
    case 'running':
      return `running ${elapsedSeconds(job.startedAt, now)}s`;
    case 'failed':
      return `failed: ${job.error ?? 'unknown error'}`;
    case 'dropped':
      return `dropped: ${job.dropReason ?? 'queue full'}`;
    case 'completed':
      return learnedLabel(job);
  }
}

/** `added "name" v0.1.0`, `merged into "name" v0.1.1` or `nothing learned: why`. */
export function learnedLabel(job: ExtractionJob): string {
  const result = job.result;
  if (!result) return 'nothing learned';
  const parts = [
    ...result.added.map((skill) => `added "${skill.name}" v${skill.version}`),
    ...result.merged.map((skill) => `merged into "${skill.name}" v${skill.version}`),
  ];
  return parts.length ? parts.join(', ') : `nothing learned: ${result.reason}`;
}

function elapsedSeconds(since: string | undefined, now: number): number {
  if (!since) return 0;
  return Math.max(0, Math.round((now - Date.parse(since)) / 1000));
}
