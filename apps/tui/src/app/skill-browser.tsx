/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import type { Skill } from '@autoskill/core';
import type { RevisionSelector, VersionInfo } from '@autoskill/sdk';
import { Box, Text, useInput } from 'ink';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { ChatController } from '../controller/chat-controller';
import { useTheme } from './theme';

type View =
  | { kind: 'list' }
  | { kind: 'skill'; skill: Skill; markdown: string; usage: string }
  | { kind: 'versions'; skill: Skill; versions: VersionInfo[]; selected: number }
  | { kind: 'diff'; skill: Skill; title: string; patch: string }
  | { kind: 'confirm'; skill: Skill; toVersion: string };

export interface SkillBrowserProps {
  controller: ChatController;
  /** Rows the browser may use. */
  height: number;
  onClose(): void;
}

/**
 * The skill browser: a filtered list (type to filter, ↑/↓, Enter opens), a skill's SKILL.md
 * (v versions, d diff with the previous version, r roll back after a confirmation), Esc goes back.
 */
export function SkillBrowser({ controller, height, onClose }: SkillBrowserProps): ReactNode {
  const theme = useTheme();
  const { autoskill } = controller;
  const userId = controller.session.userId;
  const [skills, setSkills] = useState<Skill[] | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState(0);
  const [scroll, setScroll] = useState(0);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [message, setMessage] = useState<string | undefined>(undefined);

  const load = () =>
    autoskill
      .list({ userId, scope: 'all' })
      .then((found) => setSkills(found.sort((a, b) => a.name.localeCompare(b.name))))
      .catch((error: Error) => setMessage(error.message));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the browser opens
  useEffect(() => {
    void load();
  }, []);

  const shown = (skills ?? []).filter((skill) =>
    `${skill.name} ${skill.title} ${skill.description}`
      .toLowerCase()
      .includes(filter.toLowerCase()),
  );
  const rows = Math.max(3, height - 5);
  const fail = (error: Error) => setMessage(error.message);
  const open = (skill: Skill) =>
    Promise.all([autoskill.exportSkillMd(skill.id), autoskill.skillUsage(skill.id)])
      .then(([markdown, usage]) => {
        setScroll(0);
        const last = usage.lastUsedAt ? `, last ${usage.lastUsedAt.slice(0, 10)}` : '';
        setView({
          kind: 'skill',
          skill,
          markdown,
          usage: `retrieved ${usage.retrieved}× · injected ${usage.injected}× · used ${usage.used}×${last}`,
        });
      })
      .catch(fail);
  const showDiff = (skill: Skill, from?: RevisionSelector) =>
    autoskill
      .diffVersions(skill.id, { userId, ...(from ? { from } : {}) })
      .then((diff) => {
        setScroll(0);
        setView({
          kind: 'diff',
          skill,
          title: `${skill.name}: v${diff.from.version} → v${diff.to.version}`,
          patch: diff.identical ? '(identical)' : diff.patch,
        });
      })
      .catch(fail);

  // Ink attaches a new key handler only after the frame is drawn: read what the user sees now.
  const seen = useRef({ view, shown, selected, rows });
  seen.current = { view, shown, selected, rows };

  useInput((input, key) => {
    const { view, shown, selected, rows } = seen.current;
    setMessage(undefined);
    if (view.kind === 'list') {
      if (key.escape) return onClose();
      if (key.upArrow) return setSelected((index) => Math.max(0, index - 1));
      if (key.downArrow) return setSelected((index) => Math.min(shown.length - 1, index + 1));
      if (key.return) {
        const skill = shown[selected];
        if (skill) void open(skill);
        return;
      }
      if (key.backspace || key.delete) {
        setSelected(0);
        return setFilter((text) => text.slice(0, -1));
      }
      if (!key.ctrl && !key.meta && input && !/[\r\n\t]/.test(input)) {
        setSelected(0);
        setFilter((text) => text + input);
      }
      return;
    }
    if (view.kind === 'confirm') {
      if (input === 'y' || input === 'Y') {
        autoskill
          .rollback(view.skill.id, { userId, toVersion: view.toVersion })
          .then(async (restored) => {
            setMessage(`Rolled back "${restored.name}" to v${restored.version}.`);
            await controller.refreshSkills();
            await load();
            await open(restored);
          })
          .catch(fail);
        return;
      }
      return open(view.skill);
    }
    if (key.escape) {
      setScroll(0);
      // Back one level: versions and diffs to the skill, the skill to the list.
      return view.kind === 'skill' ? setView({ kind: 'list' }) : void open(view.skill);
    }
    if (view.kind === 'versions') {
      const last = view.versions.length - 1;
      if (key.upArrow || key.downArrow) {
        const selected = Math.max(0, Math.min(last, view.selected + (key.upArrow ? -1 : 1)));
        setScroll(Math.max(0, selected - rows + 1));
        return setView({ ...view, selected });
      }
      const chosen = view.versions[view.selected];
      if (key.return && chosen) {
        if (chosen.current) return setMessage('That is the current version: pick an older one.');
        return void showDiff(view.skill, { revision: chosen.revision });
      }
    }
    if (key.upArrow || key.pageUp)
      return setScroll((offset) => Math.max(0, offset - (key.pageUp ? rows : 1)));
    if (key.downArrow || key.pageDown)
      return setScroll((offset) => offset + (key.pageDown ? rows : 1));
    const skill = view.skill;
    if (input === 'v')
      return void autoskill
        .versions(skill.id, { userId })
        .then((versions) => {
          setScroll(0);
          setView({
            kind: 'versions',
            skill,
            versions,
            selected: Math.max(0, versions.length - 2),
          });
        })
        .catch(fail);
    if (input === 'd') return void showDiff(skill);
    if (input === 'o') return void open(skill);
    if (input === 'r') {
      if (skill.scope !== 'user') return setMessage('Library skills are read-only.');
      return void autoskill
        .versions(skill.id, { userId })
        .then((versions) => {
          const current = versions.find((entry) => entry.current);
          const target = [...versions]
            .reverse()
            .find((entry) => current && entry.revision < current.revision);
          if (!target) return setMessage(`${skill.name} has no earlier version.`);
          setView({ kind: 'confirm', skill, toVersion: target.version });
        })
        .catch(fail);
    }
  });

  const header = (text: string) => (
    <Text bold color={theme.accent} wrap="truncate-end">
      {text}
    </Text>
  );
  const keys = (text: string) => (
    <Text color={theme.muted} wrap="truncate-end">
      {text}
    </Text>
  );
  let body: ReactNode;
  if (view.kind === 'list') {
    const first = Math.max(0, Math.min(selected - Math.floor(rows / 2), shown.length - rows));
    body = (
      <>
        {header(
          `Skills (${shown.length}${skills && shown.length !== skills.length ? ` of ${skills.length}` : ''})`,
        )}
        <Text>
          Filter: {filter}
          <Text inverse> </Text>
        </Text>
        {skills === undefined ? <Text color={theme.muted}>Loading…</Text> : null}
        {skills && shown.length === 0 ? <Text color={theme.muted}>No skills match.</Text> : null}
        {shown.slice(first, first + rows).map((skill, index) => {
          const active = first + index === selected;
          return (
            <Text key={skill.id} inverse={active} wrap="truncate-end">
              {active ? '› ' : '  '}
              {skill.name} v{skill.version}{' '}
              <Text color={active ? undefined : theme.muted}>{skill.scope}</Text>
            </Text>
          );
        })}
        {keys('type to filter · ↑/↓ select · Enter open · Esc back to chat')}
      </>
    );
  } else if (view.kind === 'confirm') {
    body = (
      <>
        {header(view.skill.name)}
        <Text color={theme.warning}>
          Roll back "{view.skill.name}" from v{view.skill.version} to v{view.toVersion}? (y/N)
        </Text>
      </>
    );
  } else {
    const lines =
      view.kind === 'skill'
        ? view.markdown.split('\n')
        : view.kind === 'diff'
          ? view.patch.split('\n')
          : view.versions.map(
              (entry, index) =>
                `${index === view.selected ? '› ' : '  '}v${entry.version}  revision ${entry.revision}  ${entry.reason ?? ''}  ${entry.savedAt}${entry.current ? '  (current)' : ''}`,
            );
    const offset = Math.min(scroll, Math.max(0, lines.length - rows));
    const title =
      view.kind === 'skill'
        ? `${view.skill.name} v${view.skill.version} (${view.skill.scope}) · ${view.usage}`
        : view.kind === 'diff'
          ? view.title
          : `${view.skill.name}: versions (Enter: diff with the current one)`;
    body = (
      <>
        {header(title)}
        {lines.slice(offset, offset + rows).map((line, index) => (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are identified by their place
            key={offset + index}
            wrap="truncate-end"
            color={
              view.kind !== 'diff'
                ? undefined
                : line.startsWith('+') && !line.startsWith('+++')
                  ? theme.success
                  : line.startsWith('-') && !line.startsWith('---')
                    ? theme.error
                    : undefined
            }
          >
            {line || ' '}
          </Text>
        ))}
        {keys(
          `${lines.length > rows ? `lines ${offset + 1}-${Math.min(lines.length, offset + rows)} of ${lines.length} · ↑/↓ scroll · ` : ''}o SKILL.md · v versions · d diff · r roll back · Esc back`,
        )}
      </>
    );
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      {body}
      {message ? <Text color={theme.warning}>{message}</Text> : null}
    </Box>
  );
}
