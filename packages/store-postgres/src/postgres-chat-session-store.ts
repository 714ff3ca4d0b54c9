import {
  assertSafeUserId,
  type ChatSessionRecord,
  type ChatSessionStore,
  InvalidArgumentError,
} from '@autoskill/core';
import { type Database, quoteIdentifier } from './database';
import { migrate } from './migrations';

export interface PostgresChatSessionStoreOptions {
  database: Database;
  /** PostgreSQL schema of the store (default `autoskill`). */
  schema?: string;
}

/** Same rule as the file store's names: letters, digits, `_` and `-`, at most 80. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/**
 * Chat sessions in one table shared by every replica: a session written through one replica is
 * listed by all; `update` locks the session's row, so two replicas changing one session at once
 * apply both changes, one after the other.
 */
export async function createPostgresChatSessionStore<
  T extends ChatSessionRecord = ChatSessionRecord,
>(options: PostgresChatSessionStoreOptions): Promise<ChatSessionStore<T>> {
  const schemaName = options.schema ?? 'autoskill';
  const schema = quoteIdentifier(schemaName);
  const db = options.database;
  await migrate(db, { schema: schemaName });

  const write = (session: T) => {
    assertSafeUserId(session.user);
    if (!SESSION_ID.test(session.id))
      throw new InvalidArgumentError('session.id', `bad session id ${JSON.stringify(session.id)}`);
    return [session.user, session.id, session.updated_at, JSON.stringify(session)];
  };

  return {
    async list(userId) {
      assertSafeUserId(userId);
      const { rows } = await db.query<{ session: T | string }>(
        `SELECT session FROM ${schema}.chat_sessions WHERE user_id = $1
         ORDER BY updated_at DESC, id`,
        [userId],
      );
      return rows.map((row) => parse<T>(row.session));
    },

    async get(userId, id) {
      assertSafeUserId(userId);
      if (!SESSION_ID.test(id)) return undefined;
      const { rows } = await db.query<{ session: T | string }>(
        `SELECT session FROM ${schema}.chat_sessions WHERE user_id = $1 AND id = $2`,
        [userId, id],
      );
      return rows[0] ? parse<T>(rows[0].session) : undefined;
    },

    newId: () => globalThis.crypto.randomUUID(),

    async save(session) {
      await db.query(
        `INSERT INTO ${schema}.chat_sessions (user_id, id, updated_at, session) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, id) DO UPDATE SET updated_at = EXCLUDED.updated_at, session = EXCLUDED.session`,
        write(session),
      );
      return session;
    },

    async update(userId, id, change) {
      assertSafeUserId(userId);
      if (!SESSION_ID.test(id)) return undefined;
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ session: T | string }>(
          `SELECT session FROM ${schema}.chat_sessions WHERE user_id = $1 AND id = $2 FOR UPDATE`,
          [userId, id],
        );
        if (!rows[0]) return undefined;
        const next = change(parse<T>(rows[0].session));
        if (next.user !== userId || next.id !== id)
          throw new InvalidArgumentError('session', 'a change may not move a session');
        await tx.query(
          `UPDATE ${schema}.chat_sessions SET updated_at = $3, session = $4 WHERE user_id = $1 AND id = $2`,
          write(next),
        );
        return next;
      });
    },

    async delete(userId, id) {
      assertSafeUserId(userId);
      if (!SESSION_ID.test(id)) return false;
      const { rows } = await db.query(
        `DELETE FROM ${schema}.chat_sessions WHERE user_id = $1 AND id = $2 RETURNING id`,
        [userId, id],
      );
      return rows.length > 0;
    },

    async forgetUser(userId) {
      assertSafeUserId(userId);
      const { rows } = await db.query(
        `DELETE FROM ${schema}.chat_sessions WHERE user_id = $1 RETURNING id`,
        [userId],
      );
      return rows.length > 0;
    },
  };
}

function parse<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
