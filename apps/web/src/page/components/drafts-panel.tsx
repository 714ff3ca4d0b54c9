import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { approveDraft, type Draft, getDraft, listDrafts, rejectDraft } from '../api/drafts';
import { Badge } from './ui/badge';
import { Button } from './ui/button';
import { Notice } from './ui/notice';

const DRAFTS_KEY = ['drafts'] as const;

/** One line of a unified diff, marked by its first character (a coloured bar, readable text). */
function PatchLine({ line }: { line: string }) {
  const mark =
    line.startsWith('+') && !line.startsWith('+++')
      ? 'border-success'
      : line.startsWith('-') && !line.startsWith('---')
        ? 'border-danger'
        : 'border-transparent';
  return <div className={`border-l-4 pl-1 ${mark}`}>{line || ' '}</div>;
}

function DraftItem({ draft }: { draft: Draft }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const detail = useQuery({
    queryKey: [...DRAFTS_KEY, draft.id],
    queryFn: () => getDraft(draft.id),
    enabled: open,
  });
  const settle = () => {
    void client.invalidateQueries({ queryKey: DRAFTS_KEY });
    void client.invalidateQueries({ queryKey: ['skills'] });
  };
  const approve = useMutation({ mutationFn: () => approveDraft(draft.id), onSuccess: settle });
  const reject = useMutation({ mutationFn: () => rejectDraft(draft.id), onSuccess: settle });
  const failure = approve.error ?? reject.error;
  return (
    <li className="rounded-md border border-border bg-card p-3 text-sm" data-testid="draft">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={draft.kind === 'add' ? 'success' : 'neutral'}>
          {draft.kind === 'add' ? 'new skill' : 'next version'}
        </Badge>
        <span className="font-medium">{draft.title}</span>
        <span className="text-muted-foreground">v{draft.version}</span>
        <span className="ml-auto flex gap-1">
          <Button size="sm" variant="ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? 'Hide changes' : 'Show changes'}
          </Button>
          <Button
            size="sm"
            variant="primary"
            disabled={approve.isPending || reject.isPending}
            onClick={() => approve.mutate()}
          >
            Approve
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={approve.isPending || reject.isPending}
            onClick={() => reject.mutate()}
          >
            Reject
          </Button>
        </span>
      </div>
      <p className="mt-1 text-muted-foreground">{draft.description}</p>
      {failure && <Notice tone="danger">{failure.message}</Notice>}
      {open && detail.data?.stale && (
        <Notice tone="danger">
          The skill changed since this draft was made: approving is refused. Reject it; the next
          conversation on the task proposes a fresh one.
        </Notice>
      )}
      {open && detail.data && (
        <pre
          className="mt-2 whitespace-pre-wrap break-words rounded bg-muted p-2 text-xs"
          data-testid="draft-patch"
        >
          {detail.data.patch.split('\n').map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
            <PatchLine key={index} line={line} />
          ))}
        </pre>
      )}
    </li>
  );
}

/**
 * What learning proposed while the server runs with `--review learned`: each draft with its
 * diff, approved (written as the skill or its next version) or rejected here. Drafts are never
 * injected until approved.
 */
export function DraftsPanel() {
  const drafts = useQuery({ queryKey: DRAFTS_KEY, queryFn: listDrafts, refetchInterval: 5_000 });
  return (
    <section aria-label="Drafts awaiting review" className="space-y-2">
      <h2 className="text-sm font-semibold">Drafts awaiting review</h2>
      {drafts.isError && <Notice tone="danger">{drafts.error.message}</Notice>}
      {drafts.data && drafts.data.length === 0 && (
        <Notice>No drafts: what learning proposes shows up here for approval.</Notice>
      )}
      <ol className="space-y-2" data-testid="drafts-list">
        {(drafts.data ?? []).map((draft) => (
          <DraftItem key={draft.id} draft={draft} />
        ))}
      </ol>
    </section>
  );
}
