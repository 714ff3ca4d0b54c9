import type { Skill } from '@autoskill/core';
import { isSafeSkillId } from '@autoskill/core/store-kit';
import type { SkillEntry } from './skill-entry-table';
import type { CatalogEntry } from './store-catalog';
import { sameKeys } from './store-helpers';
import { COMMON_DIRECTORY, COMMON_OWNER, USERS_DIRECTORY } from './store-paths';

/**
 * The entry a catalog line stands for, built without touching the disk (a trusted open), or
 * undefined when the line lacks the resource list and directory mtimes (the folder must be
 * listed) or does not fit (`catalogLineFits`).
 */
export function entryFromCatalog(cached: CatalogEntry): SkillEntry | undefined {
  const { files, directories, head, document } = cached;
  if (!files || !directories || !catalogLineFits(cached)) return undefined;
  const pending = !head || head.markdown !== cached.markdownHash || !sameKeys(head.files, files);
  // The parsed catalog line becomes the skill (no copy: the catalog is dropped after the open).
  const skill = document as Skill;
  skill.instructions = '';
  skill.examples = [];
  skill.scope = cached.scope;
  skill.owner = cached.owner;
  skill.files = files;
  skill.revision = (head?.revision ?? 0) + (pending ? 1 : 0);
  return {
    skill,
    folder: cached.folder,
    markdownHash: cached.markdownHash,
    head,
    pending,
    file: { size: cached.size, mtimeMs: cached.mtimeMs, inode: cached.inode },
    directories,
    bodyOnDisk: true,
    ...(typeof cached.tag === 'string' ? { contentTag: cached.tag } : {}),
  };
}

/**
 * True when the line's id is a safe skill id and its folder lies where the walk would have found
 * a skill of its scope and owner (a damaged or hand-made catalog is not trusted: the caller scans).
 */
export function catalogLineFits({ folder, scope, owner, document }: CatalogEntry): boolean {
  if (!isSafeSkillId(document?.id)) return false;
  if (owner === '' || owner.includes('/')) return false;
  if (folder.includes('..') || folder.includes('\\') || folder.includes('\0')) return false;
  if (scope === 'user') return folder.startsWith(`${USERS_DIRECTORY}/${owner}/`);
  if (scope !== 'common') return false;
  if (owner === COMMON_OWNER) return folder.startsWith(`${COMMON_DIRECTORY}/`);
  return folder.startsWith(`${COMMON_DIRECTORY}/${owner}/`);
}
