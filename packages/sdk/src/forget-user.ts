import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSafeUserId, type SkillStore } from '@autoskill/core';
import type { Runtime } from './create-runtime';
import type { SharedRuntime } from './database-runtime';

/** What `AutoSkill.forgetUser` removed. */
export interface ForgetUserReport {
  userId: string;
  /** Skills deleted, with their whole version history, vectors and keyword entries. */
  deletedSkills: number;
  /** Learning jobs forgotten: waiting ones (they never run) and finished ones. */
  forgottenJobs: number;
  /**
   * Per-user folders removed under `<store>/.autoskill/` (sessions, drafts, usage…); on a
   * database, the shared tables that held rows of the user (`learning_jobs`, `chat_sessions`).
   */
  removedAreas: string[];
}

/**
 * Per-user areas apps keep under `<store>/.autoskill/<area>/<user id>` (a folder or
 * `<user id>.json`/`.jsonl`). A new per-user area must be listed here so forget-user removes it.
 * Only named areas are swept: a user id may look like a skill id, and `history/<skill id>` must
 * never go with it.
 */
export const PER_USER_STATE_AREAS = ['sessions', 'drafts', 'usage'] as const;

/**
 * Deletes a user's skills (with history) through the store, takes them out of the search index
 * and the vector files, and removes the user's per-user areas. Call holding the user's lock.
 * `userId` is one validated id: no pattern, no "all".
 */
export async function forgetUserData(
  runtime: Runtime,
  userId: string,
  removeFromIndex: (ids: string[]) => Promise<void>,
): Promise<{ deletedIds: string[]; removedAreas: string[] }> {
  assertSafeUserId(userId);
  const deletedIds = await forgetOwner(runtime.store, userId);
  await removeFromIndex(deletedIds);
  const { vectorIndex } = runtime;
  await vectorIndex.delete(deletedIds);
  await vectorIndex.flush?.();
  // The flat index keeps deletions as log records until it compacts: compact now so the vector
  // files no longer hold the user's vectors at all.
  const compactable = vectorIndex as { compact?: () => Promise<void> };
  await compactable.compact?.();
  const removedAreas = runtime.shared ? await forgetSharedRows(runtime.shared, userId) : [];
  if (runtime.storeDirectory) {
    const state = join(runtime.storeDirectory, '.autoskill');
    for (const area of PER_USER_STATE_AREAS) {
      for (const name of [userId, `${userId}.json`, `${userId}.jsonl`]) {
        const path = join(state, area, name);
        if (await removeIfPresent(path)) removedAreas.push(`${area}/${name}`);
      }
    }
  }
  return { deletedIds, removedAreas };
}

async function forgetOwner(store: SkillStore, userId: string): Promise<string[]> {
  if (store.forgetOwner) return store.forgetOwner(userId);
  const deleted: string[] = [];
  for (const skill of await store.list({ scope: 'user', owner: userId }))
    if (await store.delete(skill.id)) deleted.push(skill.id);
  return deleted;
}

/**
 * On a database: the user's rows in the tables every replica shares — learning jobs held by any
 * replica (the learning queue forgot only its own) and chat sessions (the CLI has no session store
 * of its own). Returns the tables that held some.
 */
async function forgetSharedRows(shared: SharedRuntime, userId: string): Promise<string[]> {
  const tables: string[] = [];
  const jobs = await shared.openJobStore();
  try {
    if (((await jobs.forgetUser?.(userId)) ?? 0) > 0) tables.push('learning_jobs');
  } finally {
    await jobs.close();
  }
  const sessions = await shared.chatSessions();
  if (await sessions.forgetUser(userId)) tables.push('chat_sessions');
  return tables;
}

async function removeIfPresent(path: string): Promise<boolean> {
  try {
    await lstat(path);
  } catch {
    return false;
  }
  await rm(path, { recursive: true, force: true });
  return true;
}
