import {
  type ArchivedSkill,
  assertSafeUserId,
  InvalidArgumentError,
  type SearchScope,
  type Skill,
  SkillNotFoundError,
  type SkillStore,
  UnsupportedError,
} from '@autoskill/core';
import { emptyUsage, type SkillUsage } from '@autoskill/store-local';
import type { SkillAccess } from '../skill-access';
import { visibleSkill } from '../skill-access';

/** Options of `AutoSkill.prune`. */
export interface PruneOptions {
  /** Only this user's skills (default: every user's). Library skills are never pruned. */
  userId?: string;
  /** A skill not used within this window (and not changed within it) is archived. */
  unusedForMs: number;
  /** Only report what would be archived (default true: archiving must be asked for). */
  dryRun?: boolean;
  /** "Now", for tests and reports (default the current time). */
  now?: Date;
}

/** A skill `prune` archived (or would archive), with the evidence. */
export interface PrunedSkill {
  id: string;
  name: string;
  title: string;
  owner: string;
  version: string;
  usage: SkillUsage;
  /** The later of its last judged use and its last change: nothing happened to it since. */
  lastActivityAt: string;
  reason: string;
}

export interface PruneResult {
  dryRun: boolean;
  /** Skills whose last activity is before this were pruned (ISO time). */
  cutoff: string;
  /** Archived skills (with `dryRun`: the ones that would be). */
  skills: PrunedSkill[];
  /** User skills looked at. */
  checked: number;
}

/** What pruning needs from the client. */
export interface PruningDependencies {
  access: SkillAccess;
  usage: () => Promise<Map<string, SkillUsage>>;
  /** Takes archived or restored ids in or out of the search index. */
  reindex: (ids: string[]) => Promise<void>;
}

/** The longest window accepted (ten years): anything longer is a typo. */
const MAX_WINDOW_MS = 10 * 365 * 24 * 3_600_000;

/**
 * Pruning that can be undone: skills not used for a while are archived (out of listing,
 * retrieval and injection, history kept) and `restore` brings one back. "Used" means an answer
 * was judged to follow the skill; a skill created, merged or edited within the window is kept,
 * so a new skill is not pruned before it had a chance.
 */
export class SkillPruning {
  readonly #dependencies: PruningDependencies;

  constructor(dependencies: PruningDependencies) {
    this.#dependencies = dependencies;
  }

  async prune(options: PruneOptions): Promise<PruneResult> {
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('options', 'must be an object');
    const { userId, unusedForMs } = options;
    if (userId !== undefined) assertSafeUserId(userId);
    if (!Number.isInteger(unusedForMs) || unusedForMs <= 0 || unusedForMs > MAX_WINDOW_MS)
      throw new InvalidArgumentError('unusedFor', 'must be a duration from 1 ms to 10 years');
    if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean')
      throw new InvalidArgumentError('dryRun', 'must be a boolean');
    const dryRun = options.dryRun ?? true;
    const now = options.now ?? new Date();
    const cutoff = new Date(now.getTime() - unusedForMs).toISOString();
    const store = await this.#dependencies.access.store();
    if (!dryRun) requireArchive(store);
    const skills = await store.list({ scope: 'user', ...(userId ? { owner: userId } : {}) });
    const usage = await this.#dependencies.usage();
    const pruned: PrunedSkill[] = [];
    for (const skill of skills) {
      const row = usage.get(skill.id) ?? emptyUsage();
      const changed = lastChange(skill) ?? (await store.history(skill.id)).at(-1)?.savedAt;
      // A skill of unknown age (a hand-written SKILL.md not yet in history) is kept.
      if (changed === undefined) continue;
      const lastActivityAt = latest(row.lastUsedAt, changed) as string;
      if (lastActivityAt >= cutoff) continue;
      pruned.push({
        id: skill.id,
        name: skill.name,
        title: skill.title,
        owner: skill.owner,
        version: skill.version,
        usage: row,
        lastActivityAt,
        reason: row.lastUsedAt
          ? `not used since ${row.lastUsedAt.slice(0, 10)}`
          : `never used (retrieved ${row.retrieved}×, injected ${row.injected}×)`,
      });
    }
    if (!dryRun) {
      const archived: string[] = [];
      for (const item of pruned) {
        const done = await store.archive?.(item.id, { reason: `pruned: ${item.reason}` });
        if (done) archived.push(item.id);
      }
      await this.#dependencies.reindex(archived);
      return {
        dryRun,
        cutoff,
        skills: pruned.filter((item) => archived.includes(item.id)),
        checked: skills.length,
      };
    }
    return { dryRun, cutoff, skills: pruned, checked: skills.length };
  }

  /** Archives one skill by hand (a user's own skill, or any with `allowLibrary`). */
  async archive(
    id: string,
    options: { userId?: string; reason?: string; allowLibrary?: boolean } = {},
  ): Promise<ArchivedSkill> {
    const skill = await visibleSkill(this.#dependencies.access, id, options.userId);
    if (skill.scope === 'common' && !options.allowLibrary)
      throw new InvalidArgumentError(
        'id',
        `skill ${id} belongs to the shared library; only user skills are archived`,
      );
    const store = requireArchive(await this.#dependencies.access.store());
    const archived = await store.archive(id, options.reason ? { reason: options.reason } : {});
    if (!archived) throw new SkillNotFoundError(id);
    await this.#dependencies.reindex([id]);
    return archived;
  }

  /** Brings an archived skill back with its full version history. */
  async restore(id: string, options: { userId?: string } = {}): Promise<Skill> {
    if (typeof id !== 'string' || id === '')
      throw new InvalidArgumentError('id', 'must be a non-empty string');
    if (options.userId !== undefined) assertSafeUserId(options.userId);
    const store = requireArchive(await this.#dependencies.access.store());
    const archived = (await store.listArchived()).find((item) => item.id === id);
    if (
      !archived ||
      (options.userId !== undefined &&
        archived.scope === 'user' &&
        archived.owner !== options.userId)
    )
      throw new SkillNotFoundError(id, `No archived skill with id ${JSON.stringify(id)}`);
    const restored = await store.restore(id);
    if (!restored)
      throw new SkillNotFoundError(id, `No archived skill with id ${JSON.stringify(id)}`);
    await this.#dependencies.reindex([id]);
    return restored;
  }

  /** Archived skills of a user (and/or the library), newest archive first. */
  async listArchived(options: { owner?: string; scope: SearchScope }): Promise<ArchivedSkill[]> {
    const store = await this.#dependencies.access.store();
    return store.listArchived ? store.listArchived(options) : [];
  }
}

type ArchivingStore = SkillStore &
  Required<Pick<SkillStore, 'archive' | 'restore' | 'listArchived'>>;

function requireArchive(store: SkillStore): ArchivingStore {
  if (!store.archive || !store.restore || !store.listArchived)
    throw new UnsupportedError(
      `The ${store.name} store cannot archive skills (use the local store)`,
    );
  return store as ArchivingStore;
}

/** When the skill's content last changed (merge, edit, creation). */
function lastChange(skill: Skill): string | undefined {
  const time = skill.updatedAt ?? skill.createdAt;
  if (!time || Number.isNaN(Date.parse(time))) return undefined;
  return new Date(time).toISOString();
}

function latest(left: string | undefined, right: string | undefined): string | undefined {
  if (!left) return right;
  if (!right) return left;
  return left > right ? left : right;
}
