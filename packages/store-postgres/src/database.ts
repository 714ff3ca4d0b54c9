import { InvalidArgumentError } from '@autoskill/core';

/**
 * The one thing the store and the vector index need from a database: plain SQL with `$1`
 * parameters. `connectPostgres()` (node-postgres) and `openPglite()` (embedded PGlite) both
 * return it, so one code path serves a server and the in-process database of tests.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/** A database: queries, transactions on one connection, LISTEN/NOTIFY, close. */
export interface Database extends Queryable {
  /** `pg` (a server through node-postgres) or `pglite` (embedded). */
  readonly kind: 'pg' | 'pglite';
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (from any connection, this one included).
   * `onPayload(undefined)` says notifications may have been missed (the listening connection
   * was lost and made again): treat everything as changed. Resolves to an unlisten function.
   */
  listen(
    channel: string,
    onPayload: (payload: string | undefined) => void,
  ): Promise<() => Promise<void>>;
  /** Closes what this object opened (a database passed in by the caller is left open). */
  close(): Promise<void>;
}

/** Quotes an identifier that was already checked against `SAFE_IDENTIFIER`. */
export function quoteIdentifier(name: string): string {
  assertSafeIdentifier(name, 'identifier');
  return `"${name}"`;
}

/** Schema and table names we build into SQL: lower-case letters, digits, `_`; at most 63 bytes. */
export const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSafeIdentifier(name: unknown, what: string): asserts name is string {
  if (typeof name !== 'string' || !SAFE_IDENTIFIER.test(name)) {
    throw new InvalidArgumentError(
      what,
      `must be lower-case letters, digits and "_" (at most 63, not starting with a digit), got ${JSON.stringify(name)}`,
    );
  }
}
