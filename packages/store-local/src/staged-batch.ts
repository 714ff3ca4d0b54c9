import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConflictError, type SkillScope, UnsafePathError } from '@autoskill/core';
import { errorCode, writeFileAtomic } from './atomic-file';
import type { JournalChange } from './change-journal';
import type { HistoryLine, PlannedWrite } from './planned-write';
import type { StoreContext } from './store-context';
import { mapLimit } from './store-helpers';
import { insideRoot, realPathInside } from './store-paths';
import { writeSkillFolder } from './write-skill-folder';

// An all-or-nothing batch (`putAll`), staged inside the store's own state folder:
//
//   .autoskill/batches/<uuid>/items/<n>/                 SKILL.md + the resources item n writes
//   .autoskill/batches/<uuid>/items/<n>.history.jsonl    the history lines item n appends
//   .autoskill/batches/<uuid>/manifest.json              written last, atomically: the commit
//
// Without a manifest the batch never happened: whoever finds it (store open, the next write of
// any process) deletes it. With one, the batch is applied — again, if need be: every step is
// idempotent — and then deleted. So after a crash at any point all of it or none of it is
// visible once the store opens again. Nothing is ever staged outside the store root.

/** Test seam: runs after each applied item (a test throws here to stop a batch part-way). */
export const stagedBatchHooks: { afterItem?: ((index: number) => void) | undefined } = {};

/** What a committed batch does to one skill (its staged files are under `items/<n>/`). */
export interface BatchItem {
  id: string;
  scope: SkillScope;
  owner: string;
  /** The skill's folder before the batch; absent for a new skill (its staged folder moves in). */
  from?: string;
  /** The skill's folder after the batch. */
  to: string;
  /** Resources staged (new or changed content) with the hash of their bytes. */
  writes: Array<{ path: string; hash: string }>;
  removals: string[];
  previousFiles: Record<string, string>;
  freshHistory: boolean;
  /** The revision the batch records. */
  revision: number;
}

interface BatchManifest {
  version: 1;
  items: BatchItem[];
}

const MANIFEST = 'manifest.json';

/** `.autoskill/batches`, where batches are staged. */
export function batchesDirectory(context: StoreContext): string {
  return join(context.stateDirectory, 'batches');
}

/** The journal line of a batch item. */
export function journalChangeOfItem(item: BatchItem): JournalChange {
  return { operation: 'put', id: item.id, folder: item.to, revision: item.revision };
}

/**
 * Stages every planned write, then commits the batch by writing its manifest (store lock held).
 * Parent folders of new skills are created and checked first, so applying it cannot fail on a
 * symlink that leads out of the store.
 */
export async function stageBatch(
  context: StoreContext,
  plans: PlannedWrite[],
  options: { concurrency: number },
): Promise<{ directory: string; manifest: BatchManifest }> {
  const directory = join(batchesDirectory(context), randomUUID());
  await mkdir(join(directory, 'items'), { recursive: true });
  const sync = context.sync();
  const parents = new Set(
    plans.filter((plan) => plan.existing === undefined).map((plan) => dirname(plan.folder)),
  );
  for (const parent of parents) {
    const path = insideRoot(context.directory, parent);
    mkdirSync(path, { recursive: true });
    if (!realPathInside(context.realRoot, path))
      throw new UnsafePathError('folder', path, 'resolves outside the store directory (symlink?)');
  }
  await mapLimit([...plans.entries()], options.concurrency, async ([index, plan]) => {
    const staged = join(directory, 'items', String(index));
    await mkdir(staged);
    for (const file of plan.writes)
      await writeFileAtomic(insideRoot(staged, file.path), file.content, { sync });
    await writeFileAtomic(join(staged, 'SKILL.md'), plan.markdown, { sync, parentExists: true });
    const lines = plan.lines.map((line) => JSON.stringify(line)).join('\n');
    await writeFileAtomic(join(directory, 'items', `${index}.history.jsonl`), `${lines}\n`, {
      sync,
      parentExists: true,
    });
  });
  const manifest: BatchManifest = {
    version: 1,
    items: plans.map((plan) => ({
      id: plan.put.id,
      scope: plan.put.scope,
      owner: plan.put.owner,
      ...(plan.existing ? { from: plan.existing.folder } : {}),
      to: plan.folder,
      writes: plan.writes.map((file) => ({ path: file.path, hash: file.hash })),
      removals: plan.removals,
      previousFiles: plan.previousFiles,
      freshHistory: plan.freshHistory,
      revision: plan.record.revision,
    })),
  };
  await writeFileAtomic(join(directory, MANIFEST), JSON.stringify(manifest), {
    sync,
    parentExists: true,
  });
  return { directory, manifest };
}

/**
 * Applies a committed batch: for each item the resource blobs, then the folder (a new skill's
 * staged folder is renamed into place; an existing one gets its files rewritten, SKILL.md last),
 * then the history lines. Running it again after a crash finishes what is left. Stops scheduling
 * items after the first failure and throws it once the items in flight are done.
 */
export async function applyBatch(
  context: StoreContext,
  directory: string,
  manifest: BatchManifest,
  options: { concurrency: number },
): Promise<void> {
  let failure: { error: unknown } | undefined;
  await mapLimit([...manifest.items.entries()], options.concurrency, async ([index, item]) => {
    if (failure) return;
    try {
      await applyItem(context, directory, index, item);
      stagedBatchHooks.afterItem?.(index);
    } catch (error) {
      failure ??= { error };
    }
  });
  if (failure) throw failure.error;
}

async function applyItem(
  context: StoreContext,
  directory: string,
  index: number,
  item: BatchItem,
): Promise<void> {
  const staged = join(directory, 'items', String(index));
  const stagedThere = existsSync(staged);
  const readStaged = (path: string) => readFile(insideRoot(staged, path));
  if (stagedThere) {
    for (const file of item.writes)
      await context.history.writeBlob(item.id, await readStaged(file.path), file.hash);
  }
  const target = insideRoot(context.directory, item.to);
  if (item.from === undefined) {
    // A new skill: one rename shows the whole folder. Gone from staging = already moved.
    if (stagedThere) {
      if (existsSync(target))
        throw new ConflictError(`folder ${item.to} appeared while an import was being written`, {
          folder: item.to,
        });
      await rename(staged, target);
    }
  } else {
    const fromThere = existsSync(insideRoot(context.directory, item.from));
    await writeSkillFolder(
      {
        root: context.directory,
        realRoot: context.realRoot,
        sync: context.sync(),
        logger: context.options.logger,
        readPrevious: (hash) => context.history.readBlob(item.id, hash),
      },
      {
        // A folder already moved by an earlier attempt is updated where it is now.
        from: fromThere ? item.from : item.to,
        to: item.to,
        markdown: await readFile(join(staged, 'SKILL.md'), 'utf8'),
        writes: await Promise.all(
          item.writes.map(async (file) => ({
            path: file.path,
            content: new Uint8Array(await readStaged(file.path)),
          })),
        ),
        removals: item.removals,
        previousFiles: item.previousFiles,
      },
    );
  }
  await appendHistory(context, join(directory, 'items', `${index}.history.jsonl`), item);
}

/** Appends the item's history lines that are not recorded yet (an earlier attempt may have). */
async function appendHistory(context: StoreContext, path: string, item: BatchItem): Promise<void> {
  const lines = (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as HistoryLine);
  const recorded = new Set((await context.history.read(item.id)).map((record) => record.revision));
  let fresh = item.freshHistory && recorded.size === 0;
  for (const line of lines) {
    if (recorded.has(line.record.revision)) continue;
    await context.history.append(item.id, line.record, line.text, { fresh });
    fresh = false;
  }
}

/** Deletes a batch folder, and `batches/` when it is empty. */
export async function removeBatch(context: StoreContext, directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true, maxRetries: 3 });
  await rmdir(batchesDirectory(context)).catch(() => undefined);
}

/**
 * Finishes every committed batch left by a crash and deletes uncommitted ones (store lock held).
 * Returns the items of the batches it finished. One `stat` when there is nothing to do.
 */
export async function recoverBatches(context: StoreContext): Promise<BatchItem[]> {
  const root = batchesDirectory(context);
  if (!existsSync(root)) return [];
  const finished: BatchItem[] = [];
  for (const name of (await readdir(root)).sort()) {
    const directory = join(root, name);
    const manifest = await readManifest(directory);
    if (manifest) {
      try {
        await applyBatch(context, directory, manifest, { concurrency: 8 });
      } catch (error) {
        // Never leave the store stuck on a batch it cannot finish: what was written stays (the
        // next scan sees it) and the rest is dropped.
        context.warn(
          `autoskill store: could not finish the interrupted batch ${name}: ${String(error)}`,
        );
      }
      finished.push(...manifest.items);
      await context.serialized(() =>
        context.journal.appendMany(manifest.items.map(journalChangeOfItem)),
      );
    }
    await rm(directory, { recursive: true, force: true, maxRetries: 3 });
  }
  await rmdir(root).catch(() => undefined);
  return finished;
}

async function readManifest(directory: string): Promise<BatchManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(directory, MANIFEST), 'utf8')) as BatchManifest;
    return manifest.version === 1 && Array.isArray(manifest.items) ? manifest : undefined;
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
