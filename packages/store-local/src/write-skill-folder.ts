import { mkdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { ConflictError, UnsafePathError } from '@autoskill/core';
import type { ResourceFile } from '@autoskill/core/store-kit';
import { errorCode, writeFileAtomic } from './atomic-file';
import type { StoreLogger } from './local-skill-store-options';
import { pruneEmptyFolders } from './store-helpers';
import { insideRoot, realPathInside } from './store-paths';

/** What one put changes in a skill folder. Folders are relative to the store root (POSIX). */
export interface SkillFolderPlan {
  /** Current folder of the skill, if it exists. */
  from: string | undefined;
  to: string;
  markdown: string;
  /** Resources whose content changed. */
  writes: ResourceFile[];
  /** Resources to delete after SKILL.md is written. */
  removals: string[];
  /** Path → content hash of the resources before this put (to undo a failed write). */
  previousFiles: Record<string, string>;
}

interface FolderContext {
  root: string;
  realRoot: string;
  sync: boolean;
  logger: StoreLogger | undefined;
  readPrevious(hash: string): Promise<Uint8Array>;
  /** Parent folders already created and checked in this batch of writes (store lock held). */
  checkedParents?: Set<string>;
}

/**
 * Writes a skill folder: move it when the name or owner changed, write changed resources (each
 * temp file + fsync + rename), then SKILL.md last, then drop removed resources. Every folder
 * written to must really be inside the store (no symlink out). A failure before SKILL.md is
 * written puts back what was changed, so the previous skill stays intact.
 */
export async function writeSkillFolder(
  context: FolderContext,
  plan: SkillFolderPlan,
): Promise<void> {
  const { root, sync } = context;
  const target = insideRoot(root, plan.to);
  const moved = plan.from !== undefined && plan.from !== plan.to;
  const written: string[] = [];
  let renamed = false;
  let created = false;
  const assertRealInside = (path: string) => {
    if (!realPathInside(context.realRoot, path)) {
      throw new UnsafePathError('folder', path, 'resolves outside the store directory (symlink?)');
    }
  };
  try {
    const parent = dirname(target);
    if (!context.checkedParents?.has(parent)) {
      mkdirSync(parent, { recursive: true });
      assertRealInside(parent);
      context.checkedParents?.add(parent);
    }
    if (moved) {
      await rename(insideRoot(root, plan.from as string), target);
      renamed = true;
    } else {
      // Off-thread: creating an entry can wait on the parent folder.
      created = await mkdir(target).then(
        () => true,
        (error: unknown) => {
          if (errorCode(error) !== 'EEXIST') throw error;
          return false;
        },
      );
    }
    if (!created && plan.from === undefined) {
      // The name was free when it was chosen: someone else made this folder meanwhile.
      throw new ConflictError(
        `folder ${plan.to} appeared while the skill was being written; nothing was changed, try again`,
        { folder: plan.to },
      );
    }
    // A folder this call created inside a checked parent is real; anything else is checked.
    if (!created) assertRealInside(target);
    const checked = new Set<string>([target]);
    for (const file of plan.writes) {
      const path = insideRoot(target, file.path);
      const parent = dirname(path);
      if (!checked.has(parent)) {
        mkdirSync(parent, { recursive: true });
        assertRealInside(parent);
        checked.add(parent);
      }
      written.push(file.path);
      await writeFileAtomic(path, file.content, { sync, parentExists: true });
    }
    await writeFileAtomic(join(target, 'SKILL.md'), plan.markdown, { sync, parentExists: true });
  } catch (error) {
    await undo(context, target, plan, { written, renamed, created }).catch((undoError: unknown) =>
      context.logger?.warn(
        `autoskill store: could not undo a failed write in ${plan.to}: ${String(undoError)}`,
      ),
    );
    throw error;
  }
  for (const path of plan.removals) {
    await rm(insideRoot(target, path), { force: true });
    await pruneEmptyFolders(target, posix.dirname(path));
  }
}

async function undo(
  context: FolderContext,
  target: string,
  plan: SkillFolderPlan,
  done: { written: string[]; renamed: boolean; created: boolean },
): Promise<void> {
  const { written, renamed } = done;
  if (plan.from === undefined) {
    // Only a folder this write created is removed; one that was there before is not ours.
    if (done.created) await rm(target, { recursive: true, force: true });
    return;
  }
  for (const path of written) {
    const previous = plan.previousFiles[path];
    if (previous)
      await writeFileAtomic(insideRoot(target, path), await context.readPrevious(previous));
    else await rm(insideRoot(target, path), { force: true });
  }
  if (renamed) await rename(target, insideRoot(context.root, plan.from));
}
