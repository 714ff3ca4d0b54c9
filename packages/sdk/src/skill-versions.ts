import {
  AutoSkillError,
  InvalidArgumentError,
  MAX_SKILL_MD_BYTES,
  normalizeSkillDocument,
  parseSkillMarkdown,
  type Skill,
  SkillNotFoundError,
  type SkillRevision,
  versionAfter,
} from '@autoskill/core';
import { assertCanWrite, type SkillAccess, visibleSkill, type WriteRights } from './skill-access';
import type { VersionInfo } from './types';

/** Every revision of a skill, oldest first; the last one is current. */
export async function listVersions(
  access: SkillAccess,
  id: string,
  options: { userId?: string },
): Promise<VersionInfo[]> {
  const skill = await visibleSkill(access, id, options.userId);
  const history = await (await access.store()).history(id);
  return history.map((revision) => ({
    ...revision,
    current: revision.revision === skill.revision,
  }));
}

/** Deletes a skill and its history; false when it does not exist. */
export async function deleteSkill(
  access: SkillAccess,
  id: string,
  rights: WriteRights,
): Promise<boolean> {
  const skill = await access.get(id);
  if (!skill) return false;
  assertCanWrite(skill, rights);
  const deleted = await (await access.store()).delete(id);
  await access.reindex([id]);
  return deleted;
}

/**
 * Replaces a skill with an edited SKILL.md (a human edit): id and owner stay, the version label
 * is bumped unless the edit sets a higher one, the previous content stays in history.
 */
export async function saveSkillMarkdown(
  access: SkillAccess,
  id: string,
  markdown: string,
  rights: WriteRights,
): Promise<Skill> {
  if (typeof markdown !== 'string' || markdown.trim() === '')
    throw new InvalidArgumentError('skill_md', 'must be a non-empty SKILL.md text');
  if (new TextEncoder().encode(markdown).length > MAX_SKILL_MD_BYTES)
    throw new InvalidArgumentError('skill_md', `is over ${MAX_SKILL_MD_BYTES} bytes`);
  const skill = await access.get(id);
  if (!skill) throw new SkillNotFoundError(id);
  assertCanWrite(skill, rights);
  const parsed = normalizeSkillDocument(parseSkillMarkdown(markdown));
  const store = await access.store();
  const history = await store.history(id);
  const saved = await store.put(
    {
      ...parsed,
      id: skill.id,
      version: versionAfter(
        [skill.version, ...history.map((entry) => entry.version)],
        parsed.version,
      ),
      createdAt: skill.createdAt,
      updatedAt: new Date().toISOString(),
      scope: skill.scope,
      owner: skill.owner,
    },
    { expectedRevision: skill.revision, reason: 'edit' },
  );
  await access.reindex([id]);
  return saved;
}

/**
 * Restores an earlier revision's content exactly (SKILL.md, resources and version label) as a
 * new revision; history keeps everything, the revision rolled away from included. Default
 * target: the revision before the current one.
 */
export async function rollbackSkill(
  access: SkillAccess,
  id: string,
  options: WriteRights & { toVersion?: string; toRevision?: number },
): Promise<Skill> {
  const skill = await access.get(id);
  if (!skill) throw new SkillNotFoundError(id);
  assertCanWrite(skill, options);
  const store = await access.store();
  const target = rollbackTarget(skill, await store.history(id), options);
  const old = await store.getRevision(id, target.revision);
  if (!old)
    throw new InvalidArgumentError(
      'version',
      `revision ${target.revision} of ${id} is missing from the history`,
    );
  const oldFiles = await store.readFiles(id, { revision: target.revision });
  const { scope, owner, files: _files, revision: _revision, ...document } = old;
  let restored: Skill | undefined;
  // A background merge may land between reading and writing: retry on CONFLICT with the new revision.
  for (let attempt = 0, expected = skill.revision; !restored; attempt++) {
    try {
      restored = await store.put(
        { ...document, scope, owner },
        {
          expectedRevision: expected,
          reason: 'rollback',
          restoredFrom: target.revision,
          ...(oldFiles
            ? { files: oldFiles.filter((file) => file.path !== 'SKILL.md'), replaceFiles: true }
            : {}),
        },
      );
    } catch (error) {
      const current =
        AutoSkillError.hasCode(error, 'CONFLICT') && attempt < 3 ? await store.get(id) : undefined;
      if (!current) throw error;
      expected = current.revision;
    }
  }
  await access.reindex([id]);
  return restored;
}

function rollbackTarget(
  skill: Skill,
  history: SkillRevision[],
  options: { toVersion?: string; toRevision?: number },
): SkillRevision {
  let target: SkillRevision | undefined;
  if (options.toRevision !== undefined)
    target = history.find((entry) => entry.revision === options.toRevision);
  else if (options.toVersion !== undefined) {
    const wanted = options.toVersion.replace(/^v/, '');
    target = [...history]
      .reverse()
      .find((entry) => entry.version === wanted && entry.revision !== skill.revision);
  } else target = [...history].reverse().find((entry) => entry.revision < skill.revision);
  if (!target) {
    const what = options.toVersion ?? options.toRevision ?? 'an earlier version';
    throw new InvalidArgumentError(
      'version',
      `skill ${skill.id} has no revision ${JSON.stringify(what)} to roll back to`,
    );
  }
  return target;
}
