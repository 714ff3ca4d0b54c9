import { errorCode } from './atomic-file';
import type { JournalEntry } from './change-journal';
import type { FoundSkillFolder } from './scan-skill-folders';
import { changedIds, type SkillEntry } from './skill-entry-table';
import type { SkillFolderLoader } from './skill-folder-loader';
import type { StoreContext } from './store-context';
import { COMMON_DIRECTORY, COMMON_OWNER, USERS_DIRECTORY } from './store-paths';

/**
 * Keeps the entry table in step with what other processes wrote, by reading the change journal:
 * one `stat` when nothing changed, the changed folders otherwise, a full scan when the journal
 * was replaced. Reads check at most once per event-loop turn; writes always check (under the lock).
 */
export class JournalRefresh {
  readonly #context: StoreContext;
  readonly #loader: SkillFolderLoader;
  /** Ids other processes changed that `takeUnreported()` has not returned yet. */
  readonly #unreported = new Set<string>();
  /** True until the end of the event-loop turn in which the journal was last checked. */
  #checkedThisTurn = false;

  constructor(context: StoreContext, loader: SkillFolderLoader) {
    this.#context = context;
    this.#loader = loader;
  }

  /**
   * Before a read: checks the journal unless that was done in this event-loop turn. One search
   * reads the store several times in a row, and nothing another process writes can be ordered
   * inside one turn anyway.
   */
  beforeRead(): Promise<unknown> | undefined {
    // Not async: a read in a turn already checked (the common case) needs no promise.
    return this.#checkedThisTurn ? undefined : this.now();
  }

  /** Every id changed by other processes since the last call, including those reads picked up. */
  takeUnreported(): string[] {
    const ids = [...this.#unreported];
    this.#unreported.clear();
    return ids;
  }

  /** Ids changed by something other than the journal (the background check after a trusted open). */
  report(ids: Iterable<string>): void {
    for (const id of ids) this.#unreported.add(id);
  }

  /** Reads the journal now and applies what changed. Returns the ids it changed. */
  now(): Promise<string[]> {
    const context = this.#context;
    return context.serialized(async () => {
      const { entries, reset } = await context.journal.readNew();
      const changed = reset ? await this.#reloadAll() : await this.#apply(entries);
      for (const id of changed) this.#unreported.add(id);
      this.#markChecked();
      return changed;
    });
  }

  /** The journal was replaced: scan everything again (the catalog is what is in memory). */
  async #reloadAll(): Promise<string[]> {
    const before = this.#context.entries.current();
    await this.#loader.loadAll(this.#loader.catalogFromEntries());
    return changedIds(before, this.#context.entries.current());
  }

  /** Reloads the folders named by new journal lines (the last line of each id wins). */
  async #apply(lines: JournalEntry[]): Promise<string[]> {
    const { entries } = this.#context;
    const last = new Map<string, JournalEntry>();
    for (const line of lines) last.set(line.id, line);
    const changed: string[] = [];
    for (const [id, change] of last) {
      changed.push(id);
      if (change.operation === 'delete' || change.folder === undefined) {
        entries.delete(id);
        continue;
      }
      const found: FoundSkillFolder = {
        folder: change.folder,
        ...placeOfFolder(change.folder, entries.get(id)),
      };
      try {
        const loaded = await this.#loader.readFolder(found);
        if (loaded.skill.id === id) entries.set(loaded);
      } catch (error) {
        // Moved or deleted again by a later write (its own journal line follows) or being rewritten.
        if (errorCode(error) !== 'ENOENT')
          this.#context.warn(
            `autoskill store: reload of ${change.folder} failed: ${String(error)}`,
          );
      }
    }
    return changed;
  }

  #markChecked(): void {
    if (this.#checkedThisTurn) return;
    this.#checkedThisTurn = true;
    setImmediate(() => {
      this.#checkedThisTurn = false;
    });
  }
}

/** Scope and owner from a folder path written by this store (`Users/<u>/…`, `Common/…`). */
function placeOfFolder(
  folder: string,
  previous: SkillEntry | undefined,
): Pick<FoundSkillFolder, 'scope' | 'owner'> {
  const segments = folder.split('/');
  if (segments[0] === USERS_DIRECTORY) return { scope: 'user', owner: segments[1] ?? '' };
  if (segments.length === 2) return { scope: 'common', owner: COMMON_OWNER };
  if (segments[0] === COMMON_DIRECTORY)
    return { scope: 'common', owner: segments[1] ?? COMMON_OWNER };
  return previous
    ? { scope: previous.skill.scope, owner: previous.skill.owner }
    : { scope: 'common', owner: COMMON_OWNER };
}
