import {
  type ArchivedSkill,
  InvalidArgumentError,
  renderSkillMarkdown,
  type Skill,
  type SkillFile,
  type SkillPutInput,
  type SkillRevision,
  type SkillStore,
  type SkillStoreListOptions,
  type SkillStorePutManyItem,
  type SkillStorePutManyOutcome,
  type SkillStorePutOptions,
} from '@autoskill/core';
import { compareSkills, documentOf, skillListFilter } from '@autoskill/core/store-kit';
import { type ChangeFeed, openChangeFeed } from './change-feed';
import { assertSafeIdentifier, type Database, quoteIdentifier } from './database';
import { MIGRATIONS, migrate, schemaVersion } from './migrations';
import { connectPostgres } from './pg-database';
import { skillArchive } from './skill-archive';
import {
  byCodeUnits,
  bytesOf,
  type RevisionRow,
  revisionEntryOf,
  type SkillRow,
  skillOf,
} from './skill-rows';
import { type CheckedPut, checkPut, lockWrites, type WriteLimits, writeSkill } from './skill-write';

export interface PostgresSkillStoreOptions {
  /** A database from `connectPostgres()` / `openPglite()`, or a `postgres://` connection string. */
  database: Database | string;
  /** PostgreSQL schema holding the tables. Default `autoskill`. */
  schema?: string;
  /** Apply pending migrations on open (default true). With false, an out-of-date schema is an error. */
  migrate?: boolean;
  /** Largest resource file in bytes. Default 1 MB. */
  maxFileBytes?: number;
  /** Most resource files per skill. Default 200. */
  maxFiles?: number;
  /** Clock for `savedAt`, `createdAt`, `updatedAt` (tests). */
  now?: () => Date;
}

/** The PostgreSQL `SkillStore`, plus a push hook for changes made by other processes. */
export interface PostgresSkillStore extends SkillStore {
  readonly database: Database;
  readonly schema: string;
  /**
   * Calls `listener` when another process (or store instance) commits a change: the changed ids,
   * or undefined when notifications may have been missed. The same ids are returned by `refresh()`.
   */
  onChange(listener: (ids: string[] | undefined) => void): () => void;
  putMany(
    items: SkillStorePutManyItem[],
    options?: { concurrency?: number; sync?: boolean },
  ): Promise<SkillStorePutManyOutcome[]>;
  putAll(items: SkillStorePutManyItem[]): Promise<Skill[]>;
  refresh(): Promise<string[]>;
  forgetOwner(owner: string): Promise<string[]>;
  archive(id: string, options?: { reason?: string }): Promise<ArchivedSkill | undefined>;
  restore(id: string): Promise<Skill | undefined>;
  listArchived(options?: SkillStoreListOptions): Promise<ArchivedSkill[]>;
  close(): Promise<void>;
}

/**
 * A `SkillStore` on PostgreSQL: many processes share it. Every put is one transaction under
 * advisory locks (per skill id and per owner), so concurrent merges into one skill line up and
 * each gets its own revision and version label; commits are announced with NOTIFY so other
 * processes see them through `refresh()` / `onChange` at once. Same put rules as the in-memory
 * and local stores (`@autoskill/core/store-kit`).
 */
export async function createPostgresSkillStore(
  options: PostgresSkillStoreOptions,
): Promise<PostgresSkillStore> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'expected { database, schema? }');
  const schemaName = options.schema ?? 'autoskill';
  assertSafeIdentifier(schemaName, 'schema');
  const limits: WriteLimits = {
    maxFileBytes: positiveInteger(options.maxFileBytes, 1_000_000, 'maxFileBytes'),
    maxFiles: positiveInteger(options.maxFiles, 200, 'maxFiles'),
    now: options.now ?? (() => new Date()),
  };
  const ownsDatabase = typeof options.database === 'string';
  const db =
    typeof options.database === 'string'
      ? connectPostgres({ connectionString: options.database })
      : options.database;
  let feed: ChangeFeed;
  try {
    if (options.migrate === false) await assertMigrated(db, schemaName);
    else await migrate(db, { schema: schemaName });
    feed = await openChangeFeed(db, `${schemaName}_skills`);
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
  const schema = quoteIdentifier(schemaName);
  const table = (name: string) => `${schema}.${name}`;
  const archive = skillArchive({ db, schema: schemaName, table, feed, now: limits.now });

  async function writeOne(put: CheckedPut): Promise<Skill> {
    return db.transaction(async (tx) => {
      await lockWrites(tx, schemaName, [{ id: put.id, ...put.place }]);
      const skill = await writeSkill(tx, table, put, limits);
      await feed.announce(tx, [skill.id]);
      return skill;
    });
  }

  async function readSkill(id: string): Promise<Skill | undefined> {
    const { rows } = await db.query<{ skill: unknown }>(
      `SELECT skill FROM ${table('skills')} WHERE id = $1`,
      [requireString(id, 'skill id')],
    );
    return rows[0] ? skillOf(rows[0].skill) : undefined;
  }

  const store: PostgresSkillStore = {
    specificationVersion: 'v1',
    name: 'postgres',
    database: db,
    schema: schemaName,

    async put(input: SkillPutInput, putOptions?: SkillStorePutOptions): Promise<Skill> {
      return writeOne(checkPut(input, putOptions, limits));
    },

    get: readSkill,

    async list(listOptions: SkillStoreListOptions = {}): Promise<Skill[]> {
      const matches = skillListFilter(listOptions);
      const scope = listOptions.scope ?? 'all';
      const { rows } = await db.query<{ skill: unknown }>(
        `SELECT skill FROM ${table('skills')}
         WHERE (scope = 'common' AND $1 <> 'user')
            OR (scope = 'user' AND $1 <> 'common' AND ($2::text IS NULL OR owner = $2))`,
        [scope, listOptions.owner ?? null],
      );
      return rows
        .map((row) => skillOf(row.skill))
        .filter(matches)
        .sort(compareSkills);
    },

    async delete(id: string): Promise<boolean> {
      requireString(id, 'skill id');
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `${schemaName}:skill:${id}`,
        ]);
        const { rows } = await tx.query(
          `DELETE FROM ${table('skills')} WHERE id = $1 RETURNING id`,
          [id],
        );
        if (rows.length === 0) return false;
        // History is not cascaded from `skills` (an archived skill keeps it): it goes here, with
        // its resource files, and so does an older archived copy of the id that relied on it.
        await tx.query(`DELETE FROM ${table('skill_revisions')} WHERE skill_id = $1`, [id]);
        await tx.query(`DELETE FROM ${table('archived_skills')} WHERE id = $1`, [id]);
        await feed.announce(tx, [id]);
        return true;
      });
    },

    async history(id: string): Promise<SkillRevision[]> {
      const { rows } = await db.query<RevisionRow>(
        `SELECT revision, version, saved_at, reason, restored_from FROM ${table('skill_revisions')}
         WHERE skill_id = $1 ORDER BY revision`,
        [requireString(id, 'skill id')],
      );
      return rows.map(revisionEntryOf);
    },

    async getRevision(id: string, revision: number): Promise<Skill | undefined> {
      requireString(id, 'skill id');
      if (!Number.isInteger(revision)) return undefined;
      const { rows } = await db.query<{ skill: unknown }>(
        `SELECT skill FROM ${table('skill_revisions')} WHERE skill_id = $1 AND revision = $2`,
        [id, revision],
      );
      return rows[0] ? skillOf(rows[0].skill) : undefined;
    },

    async readFiles(
      id: string,
      readOptions: { revision?: number } = {},
    ): Promise<SkillFile[] | undefined> {
      requireString(id, 'skill id');
      const wanted = readOptions.revision;
      if (wanted !== undefined && !Number.isInteger(wanted)) return undefined;
      // One snapshot: the skill and its files as of the same revision.
      return db.transaction(async (tx) => {
        const found =
          wanted === undefined
            ? await tx.query<SkillRow>(
                `SELECT revision, skill FROM ${table('skills')} WHERE id = $1`,
                [id],
              )
            : await tx.query<SkillRow>(
                `SELECT revision, skill FROM ${table('skill_revisions')} WHERE skill_id = $1 AND revision = $2`,
                [id, wanted],
              );
        const row = found.rows[0];
        if (!row) return undefined;
        const skill = skillOf(row.skill);
        const files = await tx.query<{ path: string; content: unknown }>(
          `SELECT path, content FROM ${table('skill_files')} WHERE skill_id = $1 AND revision = $2`,
          [id, row.revision],
        );
        const result: SkillFile[] = [
          { path: 'SKILL.md', content: renderSkillMarkdown(documentOf(skill)) },
        ];
        const sorted = [...files.rows].sort((left, right) => byCodeUnits(left.path, right.path));
        for (const file of sorted) result.push({ path: file.path, content: bytesOf(file.content) });
        return result;
      });
    },

    /** One transaction per item, in order (items with the same id apply in order); each fails alone. */
    async putMany(items: SkillStorePutManyItem[]): Promise<SkillStorePutManyOutcome[]> {
      if (!Array.isArray(items))
        throw new InvalidArgumentError('items', 'must be an array of { input, options }');
      const outcomes: SkillStorePutManyOutcome[] = [];
      for (const item of items) {
        try {
          outcomes.push({ skill: await writeOne(checkPut(item?.input, item?.options, limits)) });
        } catch (error) {
          outcomes.push({ error: error as Error });
        }
      }
      return outcomes;
    },

    /** All items in one transaction: the first problem rolls everything back. */
    async putAll(items: SkillStorePutManyItem[]): Promise<Skill[]> {
      if (!Array.isArray(items))
        throw new InvalidArgumentError('items', 'must be an array of { input, options }');
      const puts = items.map((item) => checkPut(item?.input, item?.options, limits));
      const seen = new Set<string>();
      for (const put of puts) {
        if (seen.has(put.id))
          throw new InvalidArgumentError('items', `skill id ${put.id} appears more than once`);
        seen.add(put.id);
      }
      if (puts.length === 0) return [];
      return db.transaction(async (tx) => {
        await lockWrites(
          tx,
          schemaName,
          puts.map((put) => ({ id: put.id, ...put.place })),
        );
        const skills: Skill[] = [];
        for (const put of puts) skills.push(await writeSkill(tx, table, put, limits));
        await feed.announce(
          tx,
          skills.map((skill) => skill.id),
        );
        return skills;
      });
    },

    async refresh(): Promise<string[]> {
      const { ids, maybeMissed } = feed.takeChanges();
      if (!maybeMissed) return ids;
      // The listening connection was lost for a while: every current id may have changed.
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM ${table('skills')} UNION SELECT id FROM ${table('archived_skills')}`,
      );
      return [...new Set([...ids, ...rows.map((row) => row.id)])];
    },

    onChange: (listener) => feed.onChange(listener),

    forgetOwner: (owner) => archive.forgetOwner(owner),

    async archive(id, archiveOptions) {
      return archive.archive(requireString(id, 'skill id'), archiveOptions);
    },

    async restore(id) {
      return archive.restore(requireString(id, 'skill id'));
    },

    listArchived: (listOptions) => archive.listArchived(listOptions),

    async close(): Promise<void> {
      await feed.close();
      if (ownsDatabase) await db.close();
    },
  };
  return store;
}

async function assertMigrated(db: Database, schema: string): Promise<void> {
  const version = await schemaVersion(db, schema);
  const latest = Math.max(...MIGRATIONS.map((migration) => migration.version));
  if (version < latest) {
    throw new InvalidArgumentError(
      'database',
      `schema ${schema} is at version ${version}, this store needs ${latest}: run \`autoskill migrate\` (or open with migrate: true)`,
    );
  }
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(what, 'must be a string');
  return value;
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError(what, 'must be a positive integer');
  return value;
}
