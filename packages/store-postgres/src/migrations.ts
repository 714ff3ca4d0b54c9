import { type Database, quoteIdentifier } from './database';

/** One schema change. Never edit a released one: add the next version. */
export interface Migration {
  version: number;
  name: string;
  /** SQL run in one transaction; `{schema}` is the quoted schema name. */
  sql: string;
}

/** The schema, in order. Tables live in one PostgreSQL schema (default `autoskill`). */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'skills',
    sql: `
      CREATE TABLE {schema}.owners (
        scope text NOT NULL CHECK (scope IN ('user', 'common')),
        owner text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, owner)
      );
      CREATE TABLE {schema}.skills (
        id text PRIMARY KEY,
        scope text NOT NULL,
        owner text NOT NULL,
        name text NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        skill json NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (scope, owner, name),
        FOREIGN KEY (scope, owner) REFERENCES {schema}.owners (scope, owner)
      );
      CREATE TABLE {schema}.skill_revisions (
        skill_id text NOT NULL REFERENCES {schema}.skills (id) ON DELETE CASCADE,
        revision integer NOT NULL CHECK (revision >= 1),
        version text NOT NULL,
        saved_at text NOT NULL,
        reason text,
        restored_from integer,
        skill json NOT NULL,
        PRIMARY KEY (skill_id, revision)
      );
      CREATE TABLE {schema}.skill_files (
        skill_id text NOT NULL,
        revision integer NOT NULL,
        path text NOT NULL,
        content bytea NOT NULL,
        PRIMARY KEY (skill_id, revision, path),
        FOREIGN KEY (skill_id, revision)
          REFERENCES {schema}.skill_revisions (skill_id, revision) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 2,
    name: 'vector-indexes',
    sql: `
      CREATE TABLE {schema}.vector_indexes (
        name text PRIMARY KEY,
        table_name text NOT NULL UNIQUE,
        dimensions integer NOT NULL CHECK (dimensions >= 1),
        search text NOT NULL CHECK (search IN ('pgvector', 'flat')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 3,
    name: 'shared-runtime',
    sql: `
      CREATE TABLE {schema}.job_owners (
        owner text PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {schema}.learning_jobs (
        id text PRIMARY KEY,
        position bigserial NOT NULL,
        user_id text NOT NULL,
        owner text,
        record json NOT NULL
      );
      CREATE INDEX learning_jobs_user_position ON {schema}.learning_jobs (user_id, position);
      CREATE INDEX learning_jobs_owner ON {schema}.learning_jobs (owner);
      CREATE TABLE {schema}.chat_sessions (
        user_id text NOT NULL,
        id text NOT NULL,
        updated_at double precision NOT NULL,
        session json NOT NULL,
        PRIMARY KEY (user_id, id)
      );
      CREATE TABLE {schema}.bus_members (
        tag text PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {schema}.bus_payloads (
        id bigserial PRIMARY KEY,
        payload json NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: 'archived-skills',
    // History outlives the live row now (an archived skill keeps it): deletes remove revisions
    // themselves. No IF EXISTS: a differently named constraint must stop the migration, since
    // archiving under a cascading key would delete history.
    sql: `
      ALTER TABLE {schema}.skill_revisions DROP CONSTRAINT skill_revisions_skill_id_fkey;
      CREATE TABLE {schema}.archived_skills (
        id text PRIMARY KEY,
        scope text NOT NULL,
        owner text NOT NULL,
        name text NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        skill json NOT NULL,
        archived_at text NOT NULL,
        reason text,
        FOREIGN KEY (scope, owner) REFERENCES {schema}.owners (scope, owner)
      );
      CREATE INDEX archived_skills_owner ON {schema}.archived_skills (scope, owner);
    `,
  },
];

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

/**
 * Brings `schema` up to the latest version: creates it when missing, applies the pending
 * migrations in one transaction under an advisory lock (processes starting together wait for
 * each other instead of racing), and records each in `schema_migrations`.
 */
export async function migrate(
  db: Database,
  options: { schema?: string; migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  const schema = quoteIdentifier(options.schema ?? 'autoskill');
  const migrations = options.migrations ?? MIGRATIONS;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`autoskill:migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await tx.query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_migrations`,
    );
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql.replaceAll('{schema}', schema))) {
        await tx.query(statement);
      }
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    const version = Math.max(0, ...done, ...applied);
    const latest = Math.max(0, ...migrations.map((migration) => migration.version));
    if (version > latest) {
      throw new Error(
        `Schema ${schema} is at version ${version}, newer than this version of @autoskill/store-postgres knows (${latest}): upgrade the package`,
      );
    }
    return { applied, version };
  });
}

/** The version `schema` is at (0 when it was never migrated). */
export async function schemaVersion(db: Database, schema = 'autoskill'): Promise<number> {
  const quoted = quoteIdentifier(schema);
  const { rows } = await db.query<{ exists: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS exists',
    [`${quoted}.schema_migrations`],
  );
  if (!rows[0]?.exists) return 0;
  const result = await db.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${quoted}.schema_migrations`,
  );
  return result.rows[0]?.version ?? 0;
}

/** Our migrations hold no `;` inside literals or bodies: split on statement ends (extended protocol runs one at a time). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
