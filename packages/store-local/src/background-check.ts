import { statSync } from 'node:fs';
import type { SkillStoreLoadError } from '@autoskill/core';
import type { JournalRefresh } from './journal-refresh';
import {
  directoriesUnchanged,
  type FoundSkillFolder,
  scanSkillFolders,
} from './scan-skill-folders';
import { contentTagOf, type SkillEntry } from './skill-entry-table';
import type { SkillFolderLoader } from './skill-folder-loader';
import type { StoreContext } from './store-context';
import { exists } from './store-helpers';
import { insideRoot } from './store-paths';

/** Skill folders checked per event-loop turn: the check never holds the loop for long. */
const FOLDERS_PER_TURN = 500;
/** The check waits this long after the open, so the first answers do not share the CPU with it. */
export const CHECK_DELAY_MS = 10_000;

/**
 * After a trusted open (entries from the catalog, no file touched): the check the full open would
 * have made, run in the background. It walks the owner folders for added and deleted skill
 * folders and compares every known SKILL.md (size, mtime, inode) and folder directory (mtime)
 * with the catalog, a few hundred per event-loop turn; what differs is read again under the
 * store's read queue and reported by the next `refresh()` (the SDK re-indexes it then).
 */
export class BackgroundCheck {
  readonly #context: StoreContext;
  readonly #loader: SkillFolderLoader;
  readonly #refresh: JournalRefresh;
  #done: Promise<string[]> = Promise.resolve([]);
  #running = false;
  /** Set by `stop()`: a check not started yet never starts, a running one ends at its next turn. */
  #stopped = false;
  /** Starts a waiting check at once. */
  #startNow: (() => void) | undefined;

  constructor(context: StoreContext, loader: SkillFolderLoader, refresh: JournalRefresh) {
    this.#context = context;
    this.#loader = loader;
    this.#refresh = refresh;
  }

  /** Starts the check after `delayMs` (or when `done()` is awaited, whichever comes first). */
  start(delayMs = CHECK_DELAY_MS): void {
    this.#running = true;
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#startNow?.(), delayMs);
      // A process that ends without closing the store need not wait for it.
      timer.unref();
      this.#startNow = () => {
        clearTimeout(timer);
        this.#startNow = undefined;
        resolve();
      };
    });
    this.#done = waited
      .then(() => (this.#stopped ? [] : this.#run()))
      .catch((error: unknown) => {
        this.#context.warn(`autoskill store: background check failed: ${String(error)}`);
        return [];
      })
      .finally(() => {
        this.#running = false;
      });
  }

  /** True while the check has not finished: entries may still be stale. */
  get running(): boolean {
    return this.#running;
  }

  /** Ids the check found changed (empty when there was no check); starts a waiting check now. */
  done(): Promise<string[]> {
    this.#startNow?.();
    return this.#done;
  }

  /**
   * Ends the check without applying what it found so far (closing a store): nothing is lost, as
   * unchecked entries keep the file identities the catalog had, so the next open's check finds
   * the same differences. A one-shot command on a large store does not pay for a whole check.
   */
  stop(): Promise<string[]> {
    this.#stopped = true;
    this.#startNow?.();
    return this.#done;
  }

  /**
   * While the check runs: the entry of `id`, read again first when its SKILL.md is not the one
   * the catalog described (so what a caller gets is never older than the file).
   */
  async fresh(entry: SkillEntry): Promise<SkillEntry | undefined> {
    const { directory } = this.#context;
    // No file identity: written by this process since the open, so current.
    if (!this.#running || !entry.file || unchangedOnDisk(directory, entry)) return entry;
    const { folder, skill } = entry;
    const present = exists(insideRoot(directory, folder, 'SKILL.md'));
    const suspects = present ? [{ folder, scope: skill.scope, owner: skill.owner }] : [];
    const changed = await this.#context.serialized(() => this.#apply(suspects, [folder], []));
    this.#refresh.report(changed);
    return this.#context.entries.get(entry.skill.id);
  }

  async #run(): Promise<string[]> {
    const context = this.#context;
    const root = context.directory;
    const known = new Map<string, SkillEntry>();
    for (const entry of context.entries.values()) known.set(entry.folder, entry);
    // Known folders are not listed here (the per-folder checks below cover them).
    const { folders, problems } = await scanSkillFolders(root, {
      maxDepth: context.options.maxDepth,
      unchangedFolder: (folder) => known.has(folder),
    });
    const suspects: FoundSkillFolder[] = [];
    const found = new Set<string>();
    let checked = 0;
    for (const item of folders) {
      found.add(item.folder);
      const entry = item.unchanged ? known.get(item.folder) : undefined;
      if (!entry || !unchangedOnDisk(root, entry)) {
        suspects.push({ folder: item.folder, scope: item.scope, owner: item.owner });
      }
      if (++checked % FOLDERS_PER_TURN === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#stopped) return [];
      }
    }
    if (this.#stopped) return [];
    const gone = [...known.keys()].filter((folder) => !found.has(folder));
    const changed = await context.serialized(() => this.#apply(suspects, gone, problems));
    this.#refresh.report(changed);
    return changed;
  }

  /** Applies what the check found (inside the read queue). Returns the ids that changed. */
  async #apply(
    suspects: FoundSkillFolder[],
    gone: string[],
    problems: SkillStoreLoadError[],
  ): Promise<string[]> {
    const { entries, directory } = this.#context;
    const changed = new Set<string>();
    const errors = [...problems];
    for (const folder of gone) {
      const id = entries.idAtFolder(folder);
      // Written again since the walk (by this process): the entry is current.
      if (id === undefined || exists(insideRoot(directory, folder, 'SKILL.md'))) continue;
      entries.delete(id);
      changed.add(id);
    }
    for (const found of suspects) {
      const previousId = entries.idAtFolder(found.folder);
      const previous = previousId === undefined ? undefined : entries.get(previousId);
      try {
        const entry = await this.#loader.readFolder(found);
        const id = entry.skill.id;
        const holder = entries.get(id);
        if (holder && holder.folder !== found.folder) {
          errors.push({
            path: `${found.folder}/SKILL.md`,
            message: `duplicate id ${id} (already used by ${holder.folder}/SKILL.md); skipped`,
          });
          continue;
        }
        // The id in this folder was changed by hand: the old one is gone.
        if (previousId !== undefined && previousId !== id) {
          entries.delete(previousId);
          changed.add(previousId);
        }
        if (
          !holder ||
          contentTagOf(holder) !== contentTagOf(entry) ||
          holder.skill.revision !== entry.skill.revision
        )
          changed.add(id);
        entries.set(entry);
      } catch (error) {
        errors.push({ path: `${found.folder}/SKILL.md`, message: (error as Error).message });
        // Broken or gone now: a full scan would not list it either.
        if (previousId !== undefined && previous) {
          entries.delete(previousId);
          changed.add(previousId);
        }
      }
    }
    if (changed.size > 0 || suspects.length > 0) entries.catalogDirty = true;
    if (errors.length > 0) this.#loader.addLoadErrors(errors);
    return [...changed];
  }
}

/** True when SKILL.md and the folder's directories are as the entry was loaded. */
function unchangedOnDisk(root: string, entry: SkillEntry): boolean {
  return (
    entry.directories !== undefined &&
    sameSkillFile(root, entry) &&
    directoriesUnchanged(root, entry.folder, entry.directories)
  );
}

/** True when SKILL.md still has the size, mtime and inode the entry was loaded with. */
function sameSkillFile(root: string, entry: SkillEntry): boolean {
  if (!entry.file) return false;
  try {
    const info = statSync(insideRoot(root, entry.folder, 'SKILL.md'));
    return (
      info.size === entry.file.size &&
      info.mtimeMs === entry.file.mtimeMs &&
      info.ino === entry.file.inode
    );
  } catch {
    return false;
  }
}
