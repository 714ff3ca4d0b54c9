import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { useEffect, useState } from 'react';
import { keys } from '../api/queries';
import { getSkillMd, rollbackSkill, skillVersions } from '../api/skills';
import type { VersionEntry } from '../api/types';
import { formatTime, reasonLabel } from '../lib/format';
import { DiffView } from './diff-view';
import { Badge } from './ui/badge';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Select } from './ui/field';
import { Notice } from './ui/notice';

const label = (entry: VersionEntry) => `v${entry.version} · revision ${entry.revision}`;

/** The versions timeline with reasons, a diff between any two, and rollback to any of them. */
export function SkillVersions({ skillId, writable }: { skillId: string; writable: boolean }) {
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: keys.versions(skillId),
    queryFn: () => skillVersions(skillId),
  });
  const entries = versions.data ?? [];
  const [from, setFrom] = useState<number | undefined>();
  const [to, setTo] = useState<number | undefined>();
  useEffect(() => {
    if (entries.length === 0) return;
    const last = entries[entries.length - 1] as VersionEntry;
    setTo((current) => current ?? last.revision);
    setFrom((current) => current ?? (entries[entries.length - 2] ?? last).revision);
  }, [entries]);
  const before = useQuery({
    queryKey: keys.skillMd(skillId, from),
    queryFn: () => getSkillMd(skillId, from),
    enabled: from !== undefined,
  });
  const after = useQuery({
    queryKey: keys.skillMd(skillId, to),
    queryFn: () => getSkillMd(skillId, to),
    enabled: to !== undefined,
  });
  const rollback = useMutation({
    mutationFn: (revision: number) => rollbackSkill(skillId, revision),
    onSuccess: async () => {
      setFrom(undefined);
      setTo(undefined);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.versions(skillId) }),
        queryClient.invalidateQueries({ queryKey: keys.skill(skillId) }),
        queryClient.invalidateQueries({ queryKey: ['skills'] }),
      ]);
    },
  });

  if (versions.isPending) return <Notice>Loading versions…</Notice>;
  if (versions.isError) return <Notice tone="danger">{versions.error.message}</Notice>;
  return (
    <div className="space-y-4">
      <ol className="space-y-2 border-l border-border pl-4" data-testid="version-timeline">
        {[...entries].reverse().map((entry) => (
          <li key={entry.revision} className="relative">
            <span className="absolute top-1.5 -left-[1.3rem] h-2.5 w-2.5 rounded-full bg-primary" />
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium">v{entry.version}</span>
              <span className="text-xs text-muted-foreground">revision {entry.revision}</span>
              {entry.is_current && <Badge tone="success">current</Badge>}
              <span className="text-xs">{reasonLabel(entry.reason, entry.restored_from)}</span>
              <span className="text-xs text-muted-foreground">{formatTime(entry.updated_at)}</span>
              {writable && !entry.is_current && (
                <ConfirmDialog
                  title={`Roll back to v${entry.version}?`}
                  description={`The content of revision ${entry.revision} becomes a new version. The history keeps everything, so this can be undone.`}
                  confirmLabel="Roll back"
                  onConfirm={() => rollback.mutate(entry.revision)}
                  trigger={
                    <Button size="sm" aria-label={`Roll back to revision ${entry.revision}`}>
                      <History size={14} aria-hidden="true" /> Roll back
                    </Button>
                  }
                />
              )}
            </div>
          </li>
        ))}
      </ol>
      {rollback.isError && <Notice tone="danger">{rollback.error.message}</Notice>}
      {rollback.isSuccess && (
        <Notice tone="success">Rolled back: now v{rollback.data.data.version}.</Notice>
      )}
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Compare versions</h3>
        <div className="flex flex-wrap gap-2 text-xs">
          <label className="flex items-center gap-1">
            From
            <Select value={from ?? ''} onChange={(event) => setFrom(Number(event.target.value))}>
              {entries.map((entry) => (
                <option key={entry.revision} value={entry.revision}>
                  {label(entry)}
                </option>
              ))}
            </Select>
          </label>
          <label className="flex items-center gap-1">
            To
            <Select value={to ?? ''} onChange={(event) => setTo(Number(event.target.value))}>
              {entries.map((entry) => (
                <option key={entry.revision} value={entry.revision}>
                  {label(entry)}
                </option>
              ))}
            </Select>
          </label>
        </div>
        {before.data && after.data ? (
          before.data.skill_md === after.data.skill_md ? (
            <Notice>These two versions have the same SKILL.md.</Notice>
          ) : (
            <DiffView before={before.data.skill_md} after={after.data.skill_md} />
          )
        ) : (
          <Notice>Loading the diff…</Notice>
        )}
      </div>
    </div>
  );
}
