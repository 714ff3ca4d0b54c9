import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useMemo, useState } from 'react';
import { keys } from '../api/queries';
import { listSkills } from '../api/skills';
import { SkillDetailPanel } from '../components/skill-detail';
import { SkillImport } from '../components/skill-import';
import { Badge } from '../components/ui/badge';
import { Input, Select } from '../components/ui/field';
import { Notice } from '../components/ui/notice';
import { cn } from '../lib/cn';
import { formatTime } from '../lib/format';
import { navigate } from '../lib/router';

/** Skills: a searchable list (scope, sort) beside the selected skill. */
export function SkillsView({ skillId }: { skillId: string | undefined }) {
  const [scope, setScope] = useState<'user' | 'common' | 'all'>('user');
  const [sort, setSort] = useState<'updated' | 'name'>('updated');
  const [search, setSearch] = useState('');
  const skills = useQuery({ queryKey: keys.skills(scope), queryFn: () => listSkills(scope) });
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = (skills.data ?? []).filter(
      (skill) =>
        needle === '' ||
        [skill.name, skill.title, skill.description, ...skill.tags, ...skill.triggers]
          .join('\n')
          .toLowerCase()
          .includes(needle),
    );
    return matching.sort((a, b) =>
      sort === 'name'
        ? a.name.localeCompare(b.name)
        : (b.updated_at ?? '').localeCompare(a.updated_at ?? ''),
    );
  }, [skills.data, search, sort]);

  return (
    <div className="grid h-full min-h-0 grid-cols-1 md:grid-cols-[22rem_1fr]">
      <section
        aria-label="Skill list"
        className={cn(
          'flex min-h-0 flex-col gap-2 border-border p-3 md:border-r',
          skillId && 'max-md:hidden',
        )}
      >
        <h1 className="text-base font-semibold">Skills</h1>
        <label className="sr-only" htmlFor="skill-search">
          Search skills
        </label>
        <Input
          id="skill-search"
          type="search"
          placeholder="Search name, description, triggers…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <div className="flex gap-2">
          <label className="flex flex-1 items-center gap-1 text-xs">
            Scope
            <Select
              value={scope}
              onChange={(event) => setScope(event.target.value as typeof scope)}
              className="flex-1"
            >
              <option value="user">mine</option>
              <option value="common">library</option>
              <option value="all">all</option>
            </Select>
          </label>
          <label className="flex flex-1 items-center gap-1 text-xs">
            Sort
            <Select
              value={sort}
              onChange={(event) => setSort(event.target.value as typeof sort)}
              className="flex-1"
            >
              <option value="updated">updated</option>
              <option value="name">name</option>
            </Select>
          </label>
        </div>
        <SkillImport />
        {skills.isPending && <Notice>Loading skills…</Notice>}
        {skills.isError && <Notice tone="danger">{skills.error.message}</Notice>}
        {skills.data && shown.length === 0 && (
          <Notice>
            {skills.data.length === 0
              ? 'No skills yet. Chat with a durable preference ("from now on…") to learn one.'
              : 'No skill matches.'}
          </Notice>
        )}
        <ul className="min-h-0 flex-1 space-y-1 overflow-y-auto" data-testid="skill-list">
          {shown.map((skill) => (
            <li key={skill.id}>
              <a
                href={`/skills/${encodeURIComponent(skill.id)}`}
                aria-current={skill.id === skillId ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  navigate({ view: 'skills', skillId: skill.id });
                }}
                className={cn(
                  'block rounded-md border border-transparent px-2 py-1.5',
                  skill.id === skillId ? 'border-border bg-accent' : 'hover:bg-muted',
                )}
              >
                <span className="flex items-center gap-2">
                  <span className="truncate text-sm font-medium">{skill.name}</span>
                  <Badge>v{skill.version}</Badge>
                  {skill.scope === 'common' && <Badge tone="warning">library</Badge>}
                </span>
                <span className="line-clamp-2 text-xs text-muted-foreground">
                  {skill.description}
                </span>
                <span className="text-xs text-muted-foreground">
                  {formatTime(skill.updated_at)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section
        aria-label="Skill"
        className={cn('min-h-0 overflow-y-auto p-3', !skillId && 'max-md:hidden')}
      >
        {skillId ? (
          <>
            <a
              href="/skills"
              className="mb-2 inline-flex items-center gap-1 text-sm text-primary md:hidden"
              onClick={(event) => {
                event.preventDefault();
                navigate({ view: 'skills' });
              }}
            >
              <ArrowLeft size={14} aria-hidden="true" /> All skills
            </a>
            <SkillDetailPanel key={skillId} skillId={skillId} />
          </>
        ) : (
          <Notice>Select a skill to read, edit or roll it back.</Notice>
        )}
      </section>
    </div>
  );
}
