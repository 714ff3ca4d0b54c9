import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Suffix of files being written; a crash can leave one behind, readers skip and remove them. */
export const TEMPORARY_SUFFIX = '.tmp-';

/**
 * Writes `text` to `path` so that a crash leaves either the old file or the new one, never a
 * torn one: a temporary file in the same folder, fsync'd (with `sync`), renamed over `path`,
 * then the folder fsync'd (through `folders`, which merges concurrent folder syncs).
 */
export async function writeFileDurably(
  path: string,
  text: string,
  options: { sync: boolean; folders: FolderSync },
): Promise<void> {
  const temporary = `${path}${TEMPORARY_SUFFIX}${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      if (options.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  if (options.sync) await options.folders.sync(dirname(path));
}

const FOLDER_SYNC_UNSUPPORTED = new Set(['ENOENT', 'EISDIR', 'EPERM', 'EINVAL']);
const noop = () => {};

/**
 * fsyncs folders (so renames and unlinks in them are durable), merging calls: while one sync of
 * a folder runs, every later request shares the one next sync.
 */
export class FolderSync {
  private readonly states = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

  constructor(private readonly enabled: boolean) {}

  sync(folder: string): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    const state = this.states.get(folder);
    if (!state) {
      const running = this.run(folder);
      this.states.set(folder, { running });
      return running;
    }
    state.next ??= state.running.then(noop, noop).then(() => {
      const running = this.run(folder);
      this.states.set(folder, { running });
      return running;
    });
    return state.next;
  }

  private async run(folder: string): Promise<void> {
    try {
      const handle = await open(folder, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // A folder that is gone has nothing left to make durable; some systems (Windows) cannot
      // open a folder to sync it.
      if (!FOLDER_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      queueMicrotask(() => {
        const state = this.states.get(folder);
        if (state && !state.next) this.states.delete(folder);
      });
    }
  }
}
