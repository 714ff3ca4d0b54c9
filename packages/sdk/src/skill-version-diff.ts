import {
  InvalidArgumentError,
  renderSkillMarkdown,
  type SkillRevision,
  type SkillStore,
} from '@autoskill/core';
import { createTwoFilesPatch } from 'diff';
import { type SkillAccess, visibleSkill } from './skill-access';
import type { VersionInfo } from './types';

/** Two revisions of a skill and the unified diff of their SKILL.md texts. */
export interface SkillVersionDiff {
  id: string;
  from: VersionInfo;
  to: VersionInfo;
  /** Unified diff (`--- v0.1.0 (revision 1)` / `+++ v0.1.1 (revision 2)`); no hunks when equal. */
  patch: string;
  /** True when the two SKILL.md texts are identical. */
  identical: boolean;
}

/** Which revision: a version label (`0.1.0` or `v0.1.0`; the newest revision with it) or a number. */
export type RevisionSelector = { version: string } | { revision: number };

/** The SKILL.md text of one kept revision of a skill. */
export async function skillMdAtRevision(
  store: SkillStore,
  id: string,
  revision: number,
): Promise<string> {
  const files = await store.readFiles(id, { revision });
  const markdown = files?.find((file) => file.path === 'SKILL.md')?.content;
  if (markdown !== undefined)
    return typeof markdown === 'string' ? markdown : new TextDecoder().decode(markdown);
  const old = await store.getRevision(id, revision);
  if (!old)
    throw new InvalidArgumentError(
      'revision',
      `revision ${revision} of ${id} is missing from the history`,
    );
  return renderSkillMarkdown(old);
}

/**
 * The diff between two revisions of a skill. Defaults: `from` is the revision before the current
 * one, `to` the current one.
 */
export async function diffSkillVersions(
  access: SkillAccess,
  id: string,
  options: { userId?: string; from?: RevisionSelector; to?: RevisionSelector },
): Promise<SkillVersionDiff> {
  const skill = await visibleSkill(access, id, options.userId);
  const store = await access.store();
  const history: VersionInfo[] = (await store.history(id)).map((revision) => ({
    ...revision,
    current: revision.revision === skill.revision,
  }));
  const current = history.find((entry) => entry.current) ?? history.at(-1);
  if (!current) throw new InvalidArgumentError('id', `skill ${id} has no history`);
  const to = options.to ? pick(history, options.to, id) : current;
  const from = options.from
    ? pick(history, options.from, id)
    : [...history].reverse().find((entry) => entry.revision < to.revision);
  if (!from)
    throw new InvalidArgumentError('version', `skill ${id} has no version before v${to.version}`);
  const [before, after] = await Promise.all([
    skillMdAtRevision(store, id, from.revision),
    skillMdAtRevision(store, id, to.revision),
  ]);
  const patch = createTwoFilesPatch(
    `v${from.version} (revision ${from.revision})`,
    `v${to.version} (revision ${to.revision})`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  return { id, from, to, patch, identical: before === after };
}

function pick<T extends SkillRevision>(history: T[], selector: RevisionSelector, id: string): T {
  const found =
    'revision' in selector
      ? history.find((entry) => entry.revision === selector.revision)
      : [...history]
          .reverse()
          .find((entry) => entry.version === selector.version.replace(/^v/, ''));
  if (!found) {
    const what =
      'revision' in selector ? `revision ${selector.revision}` : `version ${selector.version}`;
    throw new InvalidArgumentError('version', `skill ${id} has no ${what}`);
  }
  return found;
}
