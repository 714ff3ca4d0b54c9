import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, Pencil, Plus, Trash2, Upload } from 'lucide-react';
import { type ChangeEvent, useRef, useState } from 'react';
import { keys } from '../api/queries';
import {
  createSession,
  deleteSession,
  exportSession,
  importSessions,
  listSessions,
  updateSession,
} from '../api/sessions';
import { cn } from '../lib/cn';
import { download, formatTime } from '../lib/format';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Input } from './ui/field';
import { Notice } from './ui/notice';

/** The user's chat sessions: new, switch, rename, delete (confirmed), export, import. */
export function SessionSidebar({
  activeId,
  onSelect,
}: {
  activeId: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: keys.sessions, queryFn: listSessions });
  const [renaming, setRenaming] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.sessions });

  const create = useMutation({
    mutationFn: () => createSession(),
    onSuccess: (session) => {
      void refresh();
      onSelect(session.id);
    },
  });
  const rename = useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) =>
      updateSession(id, { title: value }),
    onSuccess: (session) => {
      setRenaming(undefined);
      queryClient.setQueryData(keys.session(session.id), session);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteSession(id),
    onSuccess: (_, id) => {
      if (id === activeId) onSelect(undefined);
      void refresh();
    },
  });
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const result = await importSessions(JSON.parse(await file.text()));
      setMessage({ tone: 'success', text: `Imported ${result.imported_count} session(s).` });
      await refresh();
      if (result.data[0]) onSelect(result.data[0].id);
    } catch (error) {
      setMessage({ tone: 'danger', text: `Import failed: ${(error as Error).message}` });
    }
  };

  return (
    <aside
      aria-label="Sessions"
      className="flex min-h-0 flex-col gap-2 border-border p-2 md:border-r"
    >
      <div className="flex gap-1">
        <Button variant="primary" size="sm" onClick={() => create.mutate()} className="flex-1">
          <Plus size={14} aria-hidden="true" /> New chat
        </Button>
        <Button size="sm" onClick={() => fileInput.current?.click()} title="Import sessions (JSON)">
          <Upload size={14} aria-hidden="true" /> Import
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="hidden"
          aria-label="Session file to import"
          data-testid="session-import-input"
          onChange={importFile}
        />
      </div>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {sessions.isError && <Notice tone="danger">{sessions.error.message}</Notice>}
      <ul
        className="min-h-0 flex-1 space-y-1 overflow-y-auto max-md:max-h-40"
        data-testid="session-list"
      >
        {sessions.data?.length === 0 && (
          <li className="px-2 text-sm text-muted-foreground">No sessions yet.</li>
        )}
        {sessions.data?.map((session) => (
          <li
            key={session.id}
            className={cn(
              'group rounded-md border border-transparent',
              session.id === activeId ? 'border-border bg-accent' : 'hover:bg-muted',
            )}
          >
            {renaming === session.id ? (
              <form
                className="flex gap-1 p-1"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (title.trim()) rename.mutate({ id: session.id, value: title.trim() });
                }}
              >
                <Input
                  aria-label="Session title"
                  value={title}
                  autoFocus
                  onChange={(event) => setTitle(event.target.value)}
                  onKeyDown={(event) => event.key === 'Escape' && setRenaming(undefined)}
                  className="h-8 min-w-0 flex-1"
                />
                <Button size="sm" type="submit">
                  Save
                </Button>
              </form>
            ) : (
              <div className="flex items-center">
                <button
                  type="button"
                  onClick={() => onSelect(session.id)}
                  aria-current={session.id === activeId ? 'true' : undefined}
                  className="min-w-0 flex-1 px-2 py-1.5 text-left"
                >
                  <span className="block truncate text-sm">{session.title}</span>
                  <span className="block text-xs text-muted-foreground">
                    {formatTime(session.updated_at)} · {session.message_count} msg
                    {session.imported ? ' · imported' : ''}
                  </span>
                </button>
                <div className="flex shrink-0 pr-1">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Rename ${session.title}`}
                    onClick={() => {
                      setTitle(session.title);
                      setRenaming(session.id);
                    }}
                  >
                    <Pencil size={14} aria-hidden="true" />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Export ${session.title}`}
                    onClick={async () =>
                      download(
                        await exportSession(session.id),
                        `autoskill-session-${session.id}.json`,
                      )
                    }
                  >
                    <Download size={14} aria-hidden="true" />
                  </Button>
                  <ConfirmDialog
                    title="Delete this session?"
                    description={`"${session.title}" and its messages are deleted from the server. Learned skills stay.`}
                    confirmLabel="Delete session"
                    onConfirm={() => remove.mutate(session.id)}
                    trigger={
                      <Button variant="ghost" size="sm" aria-label={`Delete ${session.title}`}>
                        <Trash2 size={14} aria-hidden="true" />
                      </Button>
                    }
                  />
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
