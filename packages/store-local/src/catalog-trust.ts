import type { Skill, SkillScope } from '@autoskill/core';
import { isSafeSkillId } from '@autoskill/core/store-kit';
import type { CatalogLines } from './catalog-lines';
import type { CatalogEntry } from './catalog-types';
import type { SkillEntry } from './skill-entry-table';
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
  return folderFits(document?.id, folder, placePrefix(scope, owner));
}

/**
 * `catalogLineFits` for every line, from their key fields alone (nothing decoded); the check of
 * a (scope, owner) pair is made once per pair, not once per line.
 */
export function lineFitter(lines: CatalogLines): (row: number) => boolean {
  const prefixes = new Map<number, string | undefined>();
  return (row) => {
    const place = lines.place?.(row);
    let prefix: string | undefined;
    if (place === undefined) prefix = placePrefix(lines.scope(row), lines.owner(row));
    else if (prefixes.has(place)) prefix = prefixes.get(place);
    else {
      prefix = placePrefix(lines.scope(row), lines.owner(row));
      prefixes.set(place, prefix);
    }
    return folderFits(lines.id(row), lines.folder(row), prefix);
  };
}

/** Where folders of a (scope, owner) pair start, or undefined when the pair is not valid. */
function placePrefix(scope: SkillScope, owner: string): string | undefined {
  if (typeof owner !== 'string' || owner === '' || owner.includes('/')) return undefined;
  if (scope === 'user') return `${USERS_DIRECTORY}/${owner}/`;
  if (scope !== 'common') return undefined;
  return owner === COMMON_OWNER ? `${COMMON_DIRECTORY}/` : `${COMMON_DIRECTORY}/${owner}/`;
}

function folderFits(id: string, folder: string, prefix: string | undefined): boolean {
  if (prefix === undefined || !isSafeSkillId(id) || typeof folder !== 'string') return false;
  if (folder.includes('..') || folder.includes('\\') || folder.includes('\0')) return false;
  return folder.startsWith(prefix);
}
