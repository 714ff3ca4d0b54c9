import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSafeUserId, type SkillFile, type SkillPutInput } from '@autoskill/core';

/** A learned change waiting for the user's approval (review mode `learned`). */
export interface SkillDraft {
  /** `draft_<hex>`. */
  id: string;
  userId: string;
  /** `add`: a new skill; `merge`: the next version of `skillId`. */
  kind: 'add' | 'merge';
  /** The skill the draft creates or changes. */
  skillId: string;
  /** For a merge: the revision the merge was made against (approval needs it to still be current). */
  baseRevision: number;
  /** The full skill as learning would have written it. */
  document: SkillPutInput;
  /** Resource files learning would have written beside SKILL.md. */
  files?: SkillFile[];
  /** What maintenance said (why it adds or merges). */
  reason?: string;
  createdAt: string;
}

const DRAFT_ID = /^draft_[0-9a-f]{24}$/;

/** True for a well-formed draft id (never becomes a path otherwise). */
export function isDraftId(id: unknown): id is string {
  return typeof id === 'string' && DRAFT_ID.test(id);
}

export function newDraftId(): string {
  return `draft_${randomBytes(12).toString('hex')}`;
}

/**
 * Drafts per user: one JSON file per draft under `<store>/.autoskill/drafts/<user>/<id>.json`
 * (written to a temp file and renamed, so a reader never sees half a draft; a learning worker
 * thread and the client see the same drafts), or in memory without a store folder.
 */
export class DraftStore {
  private readonly memory = new Map<string, Map<string, SkillDraft>>();

  constructor(private readonly rootDirectory: () => Promise<string | undefined>) {}

  async add(draft: SkillDraft): Promise<void> {
    const folder = await this.folder(draft.userId);
    if (!folder) {
      const drafts = this.memory.get(draft.userId) ?? new Map<string, SkillDraft>();
      drafts.set(draft.id, structuredClone(draft));
      this.memory.set(draft.userId, drafts);
      return;
    }
    await mkdir(folder, { recursive: true });
    const target = join(folder, `${draft.id}.json`);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(draft)}\n`, { flush: true });
    await rename(temporary, target);
  }

  /** A user's drafts, oldest first. */
  async list(userId: string): Promise<SkillDraft[]> {
    const folder = await this.folder(userId);
    const drafts = folder
      ? await readAll(folder)
      : [...(this.memory.get(userId)?.values() ?? [])].map((draft) => structuredClone(draft));
    return drafts.sort(
      (left, right) =>
        left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
    );
  }

  /** One draft of a user, or undefined (another user's draft is never found). */
  async get(userId: string, id: string): Promise<SkillDraft | undefined> {
    if (!isDraftId(id)) return undefined;
    const folder = await this.folder(userId);
    if (!folder) {
      const draft = this.memory.get(userId)?.get(id);
      return draft ? structuredClone(draft) : undefined;
    }
    const draft = await readDraft(join(folder, `${id}.json`));
    return draft?.userId === userId ? draft : undefined;
  }

  /** Removes a draft; false when there was none. */
  async remove(userId: string, id: string): Promise<boolean> {
    if (!isDraftId(id)) return false;
    const folder = await this.folder(userId);
    if (!folder) return this.memory.get(userId)?.delete(id) ?? false;
    const path = join(folder, `${id}.json`);
    if (!(await readDraft(path))) return false;
    await rm(path, { force: true });
    return true;
  }

  private async folder(userId: string): Promise<string | undefined> {
    assertSafeUserId(userId);
    const root = await this.rootDirectory();
    return root ? join(root, '.autoskill', 'drafts', userId) : undefined;
  }
}

async function readAll(folder: string): Promise<SkillDraft[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const drafts = await Promise.all(
    names
      .filter((name) => name.endsWith('.json') && isDraftId(name.slice(0, -5)))
      .map((name) => readDraft(join(folder, name))),
  );
  return drafts.filter((draft): draft is SkillDraft => draft !== undefined);
}

async function readDraft(path: string): Promise<SkillDraft | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as SkillDraft;
    return isDraftId(value?.id) ? value : undefined;
  } catch {
    return undefined;
  }
}
