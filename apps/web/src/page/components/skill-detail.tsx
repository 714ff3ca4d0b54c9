import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, Save, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { keys } from '../api/queries';
import { deleteSkill, exportSkillZip, getSkill, saveSkillMd } from '../api/skills';
import { cn } from '../lib/cn';
import { download, formatTime } from '../lib/format';
import { navigate } from '../lib/router';
import { validateSkillMd } from '../lib/validate-skill-md';
import { DiffView } from './diff-view';
import { Markdown } from './markdown';
import { SkillEditor } from './skill-editor';
import { SkillFiles } from './skill-files';
import { SkillVersions } from './skill-versions';
import { Badge } from './ui/badge';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Notice } from './ui/notice';

type Tab = 'overview' | 'edit' | 'versions';

/** The body of a SKILL.md without its frontmatter. */
function bodyOf(skillMd: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(skillMd);
  return match ? skillMd.slice(match[0].length) : skillMd;
}

/** One skill: rendered SKILL.md and files, the editor, versions; export and delete. */
export function SkillDetailPanel({ skillId }: { skillId: string }) {
  const queryClient = useQueryClient();
  const skill = useQuery({
    queryKey: keys.skill(skillId),
    queryFn: () => getSkill(skillId),
    retry: false,
  });
  const [tab, setTab] = useState<Tab>('overview');
  const [draft, setDraft] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [conflict, setConflict] = useState<{ base: string } | undefined>();
  const save = useMutation({
    mutationFn: ({ text, revision }: { text: string; revision: number }) =>
      saveSkillMd(skillId, text, revision),
    onError: async (error, variables) => {
      if (!(error instanceof ApiError) || error.status !== 409) return;
      // Changed meanwhile (the learner merged into it): keep the draft, show what changed.
      setConflict({ base: skill.data?.skill_md ?? '' });
      await queryClient.invalidateQueries({ queryKey: keys.skill(skillId) });
      setDraft(variables.text);
    },
    onSuccess: async (body) => {
      setDraft(undefined);
      setConflict(undefined);
      setSaved(`Saved as v${body.data.version}.`);
      queryClient.setQueryData(keys.skill(skillId), body.data);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.skill(skillId) }),
        queryClient.invalidateQueries({ queryKey: keys.versions(skillId) }),
        queryClient.invalidateQueries({ queryKey: ['skill-md', skillId] }),
        queryClient.invalidateQueries({ queryKey: ['skills'] }),
      ]);
      setTab('overview');
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteSkill(skillId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['skills'] });
      navigate({ view: 'skills' });
    },
  });

  // Leaving the page with unsaved edits asks first.
  const unsaved = draft !== undefined && draft !== (skill.data?.skill_md ?? '');
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  if (skill.isPending) return <Notice>Loading…</Notice>;
  if (skill.isError) return <Notice tone="danger">{skill.error.message}</Notice>;
  const data = skill.data;
  const markdown = data.skill_md ?? '';
  const text = draft ?? markdown;
  const issues = validateSkillMd(text);
  const dirty = draft !== undefined && draft !== markdown;
  const writable = data.scope === 'user';
  const trySave = () => {
    if (dirty && issues.length === 0 && !save.isPending)
      save.mutate({ text, revision: data.revision });
  };

  return (
    <article className="space-y-3" data-testid="skill-detail">
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold break-all">{data.name}</h1>
          <Badge tone="primary" className="text-sm">
            <span data-testid="skill-version">v{data.version}</span>
          </Badge>
          <Badge tone={writable ? 'neutral' : 'warning'}>
            {writable ? `yours (${data.owner})` : `library ${data.owner}`}
          </Badge>
        </div>
        <p className="text-sm text-muted-foreground">{data.description}</p>
        <p className="text-xs text-muted-foreground">Updated {formatTime(data.updated_at)}</p>
        <div className="flex flex-wrap gap-2 pt-1">
          <Button
            size="sm"
            onClick={async () => download(await exportSkillZip(skillId), `${data.name}.zip`)}
          >
            <Download size={14} aria-hidden="true" /> Export zip
          </Button>
          {writable && (
            <ConfirmDialog
              title={`Delete ${data.name}?`}
              description="The skill and its whole version history are deleted. It will no longer be injected into chats."
              confirmLabel="Delete skill"
              onConfirm={() => remove.mutate()}
              trigger={
                <Button size="sm" variant="danger">
                  <Trash2 size={14} aria-hidden="true" /> Delete
                </Button>
              }
            />
          )}
        </div>
      </header>
      {saved && <Notice tone="success">{saved}</Notice>}
      {remove.isError && <Notice tone="danger">{remove.error.message}</Notice>}
      <div role="tablist" aria-label="Skill views" className="flex gap-1 border-b border-border">
        {(['overview', 'edit', 'versions'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            onClick={() => setTab(name)}
            disabled={name === 'edit' && !writable}
            className={cn(
              '-mb-px border-b-2 px-3 py-1.5 text-sm capitalize disabled:opacity-50',
              tab === name ? 'border-primary font-medium' : 'border-transparent hover:bg-muted',
            )}
          >
            {name === 'edit' && dirty ? 'edit •' : name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'overview' && (
          <div className="space-y-3">
            <Markdown text={bodyOf(markdown)} />
            {data.resource_paths.length > 0 && (
              <SkillFiles skillId={skillId} paths={data.resource_paths} />
            )}
          </div>
        )}
        {tab === 'edit' && writable && (
          <div className="space-y-2">
            <SkillEditor value={text} onChange={setDraft} onSave={trySave} />
            {issues.length > 0 ? (
              <ul
                role="alert"
                className="space-y-0.5 text-xs text-danger"
                data-testid="editor-issues"
              >
                {issues.map((issue) => (
                  <li key={`${issue.from}-${issue.message}`}>{issue.message}</li>
                ))}
              </ul>
            ) : null}
            {save.isError && !conflict && <Notice tone="danger">{save.error.message}</Notice>}
            {conflict && (
              <div className="space-y-2" data-testid="save-conflict">
                <Notice tone="danger">
                  This skill changed since you opened it (now v{data.version}; the learner may have
                  merged into it). Your draft is kept: below is what changed meanwhile. Save again
                  to make your draft the next version.
                </Notice>
                <DiffView before={conflict.base} after={markdown} />
              </div>
            )}
            <div className="flex items-center gap-2">
              <Button
                variant="primary"
                onClick={trySave}
                disabled={!dirty || issues.length > 0 || save.isPending}
              >
                <Save size={14} aria-hidden="true" /> Save as new version
              </Button>
              <Button variant="ghost" onClick={() => setDraft(undefined)} disabled={!dirty}>
                Discard changes
              </Button>
              <span className="text-xs text-muted-foreground">
                {dirty ? 'Unsaved changes (Ctrl/⌘+S saves)' : 'No changes'}
              </span>
            </div>
          </div>
        )}
        {tab === 'versions' && <SkillVersions skillId={skillId} writable={writable} />}
      </div>
    </article>
  );
}
