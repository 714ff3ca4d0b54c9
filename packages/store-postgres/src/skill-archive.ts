import {
  type ArchivedSkill,
  assertSafeUserId,
  ConflictError,
  InvalidArgumentError,
  type Skill,
  type SkillStoreListOptions,
} from '@autoskill/core';
import { archivedSkillOf, skillListFilter } from '@autoskill/core/store-kit';
import type { ChangeFeed } from './change-feed';
import type { Database, Queryable } from './database';
import { skillOf } from './skill-rows';
import { lockWrites } from './skill-write';

/** What archive, restore and forget-owner work on: the store's database, tables and feed. */
export interface ArchiveContext {
  db: Database;
  schema: string;
  table: (name: string) => string;
  feed: ChangeFeed;
  now: () => Date;
}

interface ArchivedRow {
  skill: unknown;
  archived_at: string;
  reason: string | null;
}

/**
 * Archive and restore on PostgreSQL (pruning that can be undone), like the local store: the
 * skill's row moves from `skills` to `archived_skills` (out of `get`/`list`, its name free for a
 * new skill), while its revisions and resource files stay where they are, keyed by id, so
 * `restore` brings back every version. Both announce the id on the change feed, so other
 * replicas drop the skill from (or put it back into) their indexes.
 */
export function skillArchive(context: ArchiveContext) {
  const { db, schema, table, feed } = context;

  return {
    async archive(
      id: string,
      options: { reason?: string } = {},
    ): Promise<ArchivedSkill | undefined> {
      if (typeof options !== 'object' || options === null)
        throw new InvalidArgumentError('archive options', 'must be an object');
      const reason = options.reason;
      if (reason !== undefined && typeof reason !== 'string')
        throw new InvalidArgumentError('reason', 'must be a string');
      return db.transaction(async (tx) => {
        await lockSkill(tx, schema, id);
        const { rows } = await tx.query<{ skill: unknown }>(
          `SELECT skill FROM ${table('skills')} WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) return undefined;
        const skill = skillOf(rows[0].skill);
        const archivedAt = context.now().toISOString();
        // An earlier archive of this id (archived, written again, archived again) is replaced.
        await tx.query(
          `INSERT INTO ${table('archived_skills')} (id, scope, owner, name, revision, skill, archived_at, reason)
           SELECT id, scope, owner, name, revision, skill, $2, $3 FROM ${table('skills')} WHERE id = $1
           ON CONFLICT (id) DO UPDATE SET scope = EXCLUDED.scope, owner = EXCLUDED.owner,
             name = EXCLUDED.name, revision = EXCLUDED.revision, skill = EXCLUDED.skill,
             archived_at = EXCLUDED.archived_at, reason = EXCLUDED.reason`,
          [id, archivedAt, reason || null],
        );
        await tx.query(`DELETE FROM ${table('skills')} WHERE id = $1`, [id]);
        await feed.announce(tx, [id]);
        return archivedSkillOf(skill, archivedAt, reason);
      });
    },

    async restore(id: string): Promise<Skill | undefined> {
      return db.transaction(async (tx) => {
        await lockSkill(tx, schema, id);
        const found = await tx.query<ArchivedRow>(
          `SELECT skill, archived_at, reason FROM ${table('archived_skills')} WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!found.rows[0]) return undefined;
        const skill = skillOf(found.rows[0].skill);
        // The owner's lock after the id's, as every write takes them: keeps names unique.
        await lockWrites(tx, schema, [{ id, scope: skill.scope, owner: skill.owner }]);
        const live = await tx.query(`SELECT 1 FROM ${table('skills')} WHERE id = $1`, [id]);
        if (live.rows.length > 0)
          throw new ConflictError(`Skill ${id} is live again; it cannot be restored over itself`, {
            skillId: id,
          });
        const taken = await tx.query<{ id: string }>(
          `SELECT id FROM ${table('skills')} WHERE scope = $1 AND owner = $2 AND name = $3`,
          [skill.scope, skill.owner, skill.name],
        );
        if (taken.rows[0])
          throw new ConflictError(
            `Cannot restore skill ${id}: its name ${skill.name} is taken by skill ${taken.rows[0].id} (rename or archive that one first)`,
            { skillId: id, name: skill.name },
          );
        await tx.query(
          `INSERT INTO ${table('skills')} (id, scope, owner, name, revision, skill)
           SELECT id, scope, owner, name, revision, skill FROM ${table('archived_skills')} WHERE id = $1`,
          [id],
        );
        await tx.query(`DELETE FROM ${table('archived_skills')} WHERE id = $1`, [id]);
        await feed.announce(tx, [id]);
        return skill;
      });
    },

    /** Archived skills matching `options` (filtered like `list`), newest archive first. */
    async listArchived(options: SkillStoreListOptions = {}): Promise<ArchivedSkill[]> {
      const matches = skillListFilter(options);
      const scope = options.scope ?? 'all';
      const { rows } = await db.query<ArchivedRow>(
        `SELECT skill, archived_at, reason FROM ${table('archived_skills')}
         WHERE (scope = 'common' AND $1 <> 'user')
            OR (scope = 'user' AND $1 <> 'common' AND ($2::text IS NULL OR owner = $2))`,
        [scope, options.owner ?? null],
      );
      return rows
        .map(archivedOf)
        .filter((record) => matches(record as unknown as Skill))
        .sort((left, right) =>
          left.archivedAt !== right.archivedAt
            ? left.archivedAt < right.archivedAt
              ? 1
              : -1
            : left.id < right.id
              ? -1
              : 1,
        );
    },

    /**
     * Deletes every skill of one user, live and archived, with every revision and resource file,
     * and the user's row in `owners`, in one transaction; announces the ids. Returns them.
     */
    async forgetOwner(owner: string): Promise<string[]> {
      assertSafeUserId(owner);
      return db.transaction(async (tx) => {
        const known = await tx.query<{ id: string }>(
          `SELECT id FROM ${table('skills')} WHERE scope = 'user' AND owner = $1
           UNION SELECT id FROM ${table('archived_skills')} WHERE scope = 'user' AND owner = $1`,
          [owner],
        );
        // The ids' locks, then the owner's (as every put): no write of the user runs meanwhile,
        // and none can create a skill for the user until this commits.
        if (known.rows.length > 0)
          await lockWrites(
            tx,
            schema,
            known.rows.map((row) => ({ id: row.id, scope: 'user' as const, owner })),
          );
        else await lockKey(tx, `${schema}:owner:user:${owner}`);
        const live = await tx.query<{ id: string }>(
          `DELETE FROM ${table('skills')} WHERE scope = 'user' AND owner = $1 RETURNING id`,
          [owner],
        );
        const archived = await tx.query<{ id: string }>(
          `DELETE FROM ${table('archived_skills')} WHERE scope = 'user' AND owner = $1 RETURNING id`,
          [owner],
        );
        const ids = [...new Set([...live.rows, ...archived.rows].map((row) => row.id))].sort();
        // Resource files go with their revisions (ON DELETE CASCADE).
        await tx.query(`DELETE FROM ${table('skill_revisions')} WHERE skill_id = ANY($1::text[])`, [
          ids,
        ]);
        await tx.query(`DELETE FROM ${table('owners')} WHERE scope = 'user' AND owner = $1`, [
          owner,
        ]);
        await feed.announce(tx, ids);
        return ids;
      });
    },
  };
}

/** The key format of `lockWrites`: `<schema>:skill:<id>`, `<schema>:owner:<scope>:<owner>`. */
function lockSkill(tx: Queryable, schema: string, id: string): Promise<void> {
  return lockKey(tx, `${schema}:skill:${id}`);
}

async function lockKey(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

function archivedOf(row: ArchivedRow): ArchivedSkill {
  return archivedSkillOf(skillOf(row.skill), row.archived_at, row.reason);
}
