import { outcomeText } from '../api/job-events';
import type { ExtractionEvent } from '../api/types';
import { navigate } from '../lib/router';
import { Badge } from './ui/badge';

const PROGRESS: Record<ExtractionEvent['status'], number> = {
  scheduled: 18,
  running: 64,
  completed: 100,
  failed: 100,
  dropped: 100,
};

/** A learning job's progress and outcome, with links to the skills it added or merged into. */
export function LearningStatus({ event }: { event: ExtractionEvent }) {
  const learned = [...event.added, ...event.merged];
  const tone =
    event.status === 'failed' || event.status === 'dropped'
      ? 'danger'
      : learned.length > 0
        ? 'success'
        : 'neutral';
  return (
    <div
      className="mt-2 space-y-1 text-xs"
      data-testid="learning-status"
      data-status={event.status}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tone}>{event.status}</Badge>
        <span data-testid="learning-outcome">{outcomeText(event)}</span>
        {learned.map((skill) => (
          <a
            key={skill.id}
            href={`/skills/${encodeURIComponent(skill.id)}`}
            onClick={(click) => {
              click.preventDefault();
              navigate({ view: 'skills', skillId: skill.id });
            }}
            className="text-primary underline"
          >
            open {skill.name}
          </a>
        ))}
      </div>
      <div
        className="h-1 w-40 overflow-hidden rounded bg-muted"
        role="progressbar"
        aria-label="Learning progress"
        aria-valuenow={PROGRESS[event.status]}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="h-full bg-primary" style={{ width: `${PROGRESS[event.status]}%` }} />
      </div>
    </div>
  );
}
