import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { apiJson } from '../api/client';
import { outcomeText } from '../api/job-events';
import { fetchCapabilities, keys } from '../api/queries';
import { getSession, listSessions } from '../api/sessions';
import type { ExtractionEvent, Session, SessionMessage } from '../api/types';
import { DraftsPanel } from '../components/drafts-panel';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Input, Select } from '../components/ui/field';
import { Notice } from '../components/ui/notice';
import { setActiveSessionId } from '../lib/active-session';
import { formatTime } from '../lib/format';
import { navigate } from '../lib/router';

/** Messages a chat turn's learning job saw: the turn's answer and up to 5 messages before it. */
const WINDOW = 6;

/** Where a job came from: the session and the messages up to the answer that scheduled it. */
interface JobSource {
  session: Session;
  window: SessionMessage[];
}

/** Job id → the chat turn that scheduled it, from the user's recent sessions. */
async function jobSources(): Promise<Map<string, JobSource>> {
  const summaries = (await listSessions()).slice(0, 50);
  const sessions = await Promise.all(summaries.map((summary) => getSession(summary.id)));
  const sources = new Map<string, JobSource>();
  for (const session of sessions)
    session.messages.forEach((message, index) => {
      if (message.job_id)
        sources.set(message.job_id, {
          session,
          window: session.messages
            .slice(Math.max(0, index + 1 - WINDOW), index + 1)
            .filter((entry) => entry.role !== 'system'),
        });
    });
  return sources;
}

type Filter = 'all' | 'learned' | 'nothing' | 'failed' | 'active';

function matches(job: ExtractionEvent, filter: Filter): boolean {
  const learned = job.added.length + job.merged.length > 0;
  if (filter === 'learned') return learned;
  if (filter === 'nothing') return job.status === 'completed' && !learned;
  if (filter === 'failed') return job.status === 'failed' || job.status === 'dropped';
  if (filter === 'active') return job.status === 'scheduled' || job.status === 'running';
  return true;
}

/** Every learning job of the user, newest first, with outcome and reason, filterable. */
export function ActivityView() {
  const jobs = useQuery({
    queryKey: keys.jobs,
    queryFn: () =>
      apiJson<{ data: ExtractionEvent[] }>('/v1/autoskill/extractions?limit=200').then(
        (body) => body.data,
      ),
    refetchInterval: 5_000,
  });
  const sources = useQuery({ queryKey: ['job-sources'], queryFn: jobSources, staleTime: 10_000 });
  const capabilities = useQuery({ queryKey: keys.capabilities, queryFn: fetchCapabilities });
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const shown = useMemo(
    () =>
      (jobs.data ?? []).filter(
        (job) =>
          matches(job, filter) &&
          (search.trim() === '' ||
            outcomeText(job).toLowerCase().includes(search.trim().toLowerCase())),
      ),
    [jobs.data, filter, search],
  );
  return (
    <section aria-label="Learning activity" className="h-full space-y-3 overflow-y-auto p-3">
      <div className="flex flex-wrap items-end gap-2">
        <h1 className="mr-auto text-base font-semibold">Learning activity</h1>
        <label className="flex items-center gap-1 text-xs">
          Show
          <Select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
            <option value="all">all jobs</option>
            <option value="learned">learned something</option>
            <option value="nothing">nothing learned</option>
            <option value="failed">failed or dropped</option>
            <option value="active">scheduled or running</option>
          </Select>
        </label>
        <label className="sr-only" htmlFor="activity-search">
          Filter by text
        </label>
        <Input
          id="activity-search"
          type="search"
          placeholder="Filter by skill or reason"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <Button size="sm" onClick={() => void jobs.refetch()}>
          Refresh
        </Button>
      </div>
      {capabilities.data?.drafts?.review === 'learned' && <DraftsPanel />}
      {jobs.isPending && <Notice>Loading…</Notice>}
      {jobs.isError && <Notice tone="danger">{jobs.error.message}</Notice>}
      {jobs.data && shown.length === 0 && <Notice>No learning jobs to show.</Notice>}
      <ol className="space-y-2" data-testid="activity-list">
        {shown.map((job) => {
          const learned = [...job.added, ...job.merged];
          return (
            <li key={job.job_id} className="rounded-md border border-border bg-card p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge
                  tone={
                    job.status === 'failed' || job.status === 'dropped'
                      ? 'danger'
                      : learned.length > 0
                        ? 'success'
                        : 'neutral'
                  }
                >
                  {job.status}
                </Badge>
                <span className="text-xs text-muted-foreground">
                  {job.trigger} · {formatTime(job.created_at)}
                </span>
              </div>
              <p className="mt-1">{outcomeText(job)}</p>
              {sources.data?.get(job.job_id) && (
                <JobWindow source={sources.data.get(job.job_id) as JobSource} />
              )}
              {learned.length > 0 && (
                <p className="mt-1 flex flex-wrap gap-2 text-xs">
                  {learned.map((skill) => (
                    <a
                      key={`${skill.id}-${skill.version}`}
                      href={`/skills/${encodeURIComponent(skill.id)}`}
                      className="text-primary underline"
                      onClick={(event) => {
                        event.preventDefault();
                        navigate({ view: 'skills', skillId: skill.id });
                      }}
                    >
                      {skill.name} v{skill.version}
                    </a>
                  ))}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The chat a job learned from: a link to the session and the window of messages it saw. */
function JobWindow({ source }: { source: JobSource }) {
  return (
    <div className="mt-1 text-xs" data-testid="job-window">
      <p className="text-muted-foreground">
        Learned from the chat{' '}
        <a
          href="/chat"
          className="text-primary underline"
          onClick={(event) => {
            event.preventDefault();
            setActiveSessionId(source.session.id);
            navigate({ view: 'chat' });
          }}
        >
          {source.session.title}
        </a>
      </p>
      <details>
        <summary className="cursor-pointer text-muted-foreground">
          Conversation window ({source.window.length} messages)
        </summary>
        <ol className="mt-1 space-y-1 border-l border-border pl-2">
          {source.window.map((message, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed slice of a conversation
            <li key={index} className="break-words whitespace-pre-wrap">
              <span className="font-medium">{message.role === 'user' ? 'You' : 'Assistant'}:</span>{' '}
              {message.content.length > 400 ? `${message.content.slice(0, 400)}…` : message.content}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
