import { assertSafeUserId } from '@autoskill/core';
import type { JournalRefresh } from './journal-refresh';
import type { SkillFolderLoader } from './skill-folder-loader';
import { removeDirectory } from './skill-history';
import type { SkillWriter } from './skill-writer';
import type { StoreContext } from './store-context';
import { insideRoot, USERS_DIRECTORY } from './store-paths';

/**
 * Forgets one user (store lock held by the caller): deletes each of their skills with its history
 * (the writer's own delete: journal line, entry table, catalog), removes whatever is left in
 * `Users/<owner>/` (folders that never loaded, files other tools keep there), drops the journal
 * lines that name the user's folders or skills and saves the catalog, so no file of the store still
 * mentions the user. `owner` is one validated id: there is no pattern and no "all users".
 */
export async function forgetOwner(
  parts: {
    context: StoreContext;
    writer: SkillWriter;
    refresh: JournalRefresh;
    loader: SkillFolderLoader;
  },
  owner: string,
  /** Removes more of the owner's skills kept elsewhere (archived ones); returns their ids. */
  removeMore: () => Promise<string[]> = async () => [],
): Promise<string[]> {
  assertSafeUserId(owner);
  const { context, writer, refresh, loader } = parts;
  await refresh.now();
  const ids = [...context.entries.values()]
    .filter((entry) => entry.skill.scope === 'user' && entry.skill.owner === owner)
    .map((entry) => entry.skill.id);
  const deleted: string[] = [];
  for (const id of ids) if (await writer.delete(id)) deleted.push(id);
  deleted.push(...(await removeMore()));
  const trash = insideRoot(context.stateDirectory, 'trash');
  await removeDirectory(insideRoot(context.directory, USERS_DIRECTORY, owner), trash);
  const prefix = `${USERS_DIRECTORY}/${owner}/`;
  await context.serialized(async () => {
    await context.journal.readNew();
    // Other processes see a new journal and rescan, so they need no line about these skills.
    const gone = new Set([...ids, ...deleted]);
    await context.journal.rewrite(
      (entry) => !gone.has(entry.id) && !entry.folder?.startsWith(prefix),
    );
  });
  // The catalog caches parsed SKILL.md texts: write it now, without the user's skills.
  await loader.saveCatalog();
  return deleted;
}
