import {
  type ChatSessionRecord,
  type ChatSessionStore,
  type ClusterBus,
  InvalidArgumentError,
  type LearningJobStore,
  type SkillStore,
  type VectorIndex,
} from '@autoskill/core';

/** Where a `databaseUrl` points: a PostgreSQL server, or PGlite embedded in this process. */
export type DatabaseTarget =
  | { kind: 'postgres'; connectionString: string; schema: string }
  | { kind: 'pglite'; dataDir: string | undefined; schema: string };

/** The store and vectors of a client running on a database. */
export interface DatabaseRuntime {
  store: SkillStore;
  openVectorIndex(name: string, dimensions: number): Promise<VectorIndex>;
  /** What replicas on the database share besides skills. */
  shared: SharedRuntime;
}

/**
 * What several processes (proxy replicas) on one database share besides skills: the learning
 * job queue, a bus between them, the studio's chat sessions. Opened on the client's connection.
 */
export interface SharedRuntime {
  /** `postgres` (a server: replicas may run anywhere) or `pglite` (embedded: one process). */
  readonly kind: 'postgres' | 'pglite';
  /** A job store owned by the caller (the learning queue closes it); `leaseMs`: see AUTOSKILL_JOB_LEASE_MS. */
  openJobStore(options?: { leaseMs?: number }): Promise<LearningJobStore>;
  /** Joins the bus between the processes on this database as `self`. */
  openBus(self: string): Promise<ClusterBus & { close(): Promise<void> }>;
  /** Chat sessions in the database (the same object on every call); `T`: what the caller stores. */
  chatSessions<T extends ChatSessionRecord = ChatSessionRecord>(): Promise<ChatSessionStore<T>>;
}

type StorePostgres = typeof import('@autoskill/store-postgres');

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads `postgres://…` / `postgresql://…` (a server; `?schema=` picks the schema, default
 * `autoskill`), `pglite:///absolute/dir` (embedded, kept in that folder) or `pglite://memory`
 * (embedded, gone on close). Errors name the scheme only: a URL may carry a password.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(
      'databaseUrl',
      'must be a URL: postgres://user@host/db, pglite:///absolute/dir or pglite://memory',
    );
  }
  const schema = parsed.searchParams.get('schema') ?? 'autoskill';
  if (!SCHEMA_PATTERN.test(schema))
    throw new InvalidArgumentError(
      'databaseUrl',
      'schema must be lower-case letters, digits and _ (at most 63, not starting with a digit)',
    );
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema };
  }
  if (parsed.protocol === 'pglite:') {
    if (parsed.host === 'memory' && (parsed.pathname === '' || parsed.pathname === '/'))
      return { kind: 'pglite', dataDir: undefined, schema };
    if (parsed.host === '' && parsed.pathname.length > 1)
      return { kind: 'pglite', dataDir: decodeURIComponent(parsed.pathname), schema };
    throw new InvalidArgumentError(
      'databaseUrl',
      'a PGlite URL is pglite:///absolute/dir (three slashes) or pglite://memory',
    );
  }
  throw new InvalidArgumentError(
    'databaseUrl',
    `unsupported scheme ${JSON.stringify(parsed.protocol)}: use postgres://, postgresql:// or pglite://`,
  );
}

/**
 * Opens the skill store of a database, applying pending migrations. `@autoskill/store-postgres`
 * (and `pg`, PGlite) is imported only here, so clients on a local store never load it.
 */
export async function openDatabaseRuntime(url: string): Promise<DatabaseRuntime> {
  const target = parseDatabaseUrl(url);
  const postgres = await import('@autoskill/store-postgres');
  const database = await openDatabase(postgres, target);
  let store: SkillStore;
  try {
    store = await postgres.createPostgresSkillStore({ database, schema: target.schema });
  } catch (error) {
    await database.close();
    throw error;
  }
  const closeStore = store.close?.bind(store);
  // The client closes its vector index before its store: the store is the last user of the connection.
  store.close = async () => {
    await closeStore?.();
    await database.close();
  };
  let sessions: Promise<ChatSessionStore> | undefined;
  const shared: SharedRuntime = {
    kind: target.kind,
    openJobStore: (options = {}) =>
      postgres.createPostgresLearningJobStore({
        database,
        schema: target.schema,
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      }),
    openBus: (self) => postgres.createPostgresClusterBus({ database, schema: target.schema, self }),
    chatSessions: <T extends ChatSessionRecord>() => {
      sessions ??= postgres.createPostgresChatSessionStore({ database, schema: target.schema });
      // One table of JSON: the store keeps whatever shape the caller saves.
      return sessions as unknown as Promise<ChatSessionStore<T>>;
    },
  };
  return {
    store,
    shared,
    openVectorIndex: (name, dimensions) =>
      postgres.createPostgresVectorIndex({
        database,
        schema: target.schema,
        name,
        dimensions,
        search: target.kind === 'pglite' ? 'flat' : 'auto',
      }),
  };
}

/** A database's schema version before and after `migrateDatabase`. */
export interface DatabaseMigration {
  /** The version the schema was at. */
  before: number;
  /** The version it is at now (unchanged with `check`). */
  version: number;
  /** The version this release knows. */
  latest: number;
  /** Migrations applied now (with `check`: the ones pending). */
  applied: number;
}

/** Applies pending migrations to a database (with `check`: only says how many are pending). */
export async function migrateDatabase(
  url: string,
  options: { check?: boolean } = {},
): Promise<DatabaseMigration> {
  const target = parseDatabaseUrl(url);
  const postgres = await import('@autoskill/store-postgres');
  const database = await openDatabase(postgres, target);
  try {
    const latest = Math.max(...postgres.MIGRATIONS.map((migration) => migration.version));
    const before = await postgres.schemaVersion(database, target.schema);
    if (options.check) return { before, version: before, latest, applied: latest - before };
    await postgres.migrate(database, { schema: target.schema });
    const version = await postgres.schemaVersion(database, target.schema);
    return { before, version, latest, applied: version - before };
  } finally {
    await database.close();
  }
}

async function openDatabase(postgres: StorePostgres, target: DatabaseTarget) {
  if (target.kind === 'postgres')
    return postgres.connectPostgres({ connectionString: target.connectionString });
  // pgvector on PGlite writes about 30 vectors/s; its flat vector table is far faster here.
  return postgres.openPglite({
    ...(target.dataDir === undefined ? {} : { dataDir: target.dataDir }),
    vector: false,
  });
}
