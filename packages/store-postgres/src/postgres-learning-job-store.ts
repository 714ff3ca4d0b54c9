import {
  assertLearningJobRecord,
  assertSafeUserId,
  ConflictError,
  compareLearningJobRecords,
  InvalidArgumentError,
  type LearningJobRecord,
  type LearningJobStore,
} from '@autoskill/core';
import { type Database, quoteIdentifier } from './database';
import { migrate } from './migrations';

export interface PostgresLearningJobStoreOptions {
  database: Database;
  /** PostgreSQL schema of the store (default `autoskill`). */
  schema?: string;
  /**
   * An owner that has not been seen for this long is gone and its jobs are claimable (default
   * 10 s). Each open store marks itself seen every quarter of it.
   */
  leaseMs?: number;
  /** How often `awaitTurn` looks again while an earlier job of the user is left (default 200 ms). */
  turnPollMs?: number;
}

const DEFAULT_LEASE_MS = 10_000;

/**
 * A `LearningJobStore` in PostgreSQL, shared by every replica on the database: each open store is
 * an owner that marks itself seen every `leaseMs / 4`; jobs of an owner that closed or was not
 * seen for `leaseMs` (a replica killed with -9, a lost machine) are handed to exactly one claimer
 * (`FOR UPDATE SKIP LOCKED`), oldest first. `awaitTurn` keeps each user's jobs in the order they
 * were accepted across replicas.
 */
export async function createPostgresLearningJobStore(
  options: PostgresLearningJobStoreOptions,
): Promise<LearningJobStore> {
  const schemaName = options.schema ?? 'autoskill';
  const schema = quoteIdentifier(schemaName);
  const db = options.database;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isInteger(leaseMs) || leaseMs < 100 || leaseMs > 3_600_000)
    throw new InvalidArgumentError('leaseMs', 'must be an integer from 100 to 3600000');
  const turnPollMs = options.turnPollMs ?? 200;
  await migrate(db, { schema: schemaName });

  const owner = `owner_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
  await db.query(`INSERT INTO ${schema}.job_owners (owner) VALUES ($1)`, [owner]);
  let closed = false;
  const heartbeat = setInterval(
    () => {
      db.query(`UPDATE ${schema}.job_owners SET seen_at = now() WHERE owner = $1`, [owner]).catch(
        () => {
          // A lost connection: the next beat tries again; past the lease our jobs may be claimed.
        },
      );
    },
    Math.max(50, Math.floor(leaseMs / 4)),
  );
  heartbeat.unref?.();

  const assertOpen = () => {
    if (closed) throw new ConflictError('the learning job store is closed');
  };
  const lease = `${leaseMs} milliseconds`;

  return {
    specificationVersion: 'v1',
    name: `postgres:${schemaName}.learning_jobs`,

    async add(record) {
      assertLearningJobRecord(record);
      assertOpen();
      const { rows } = await db.query(
        `INSERT INTO ${schema}.learning_jobs (id, user_id, owner, record) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [record.id, record.experience.userId, owner, JSON.stringify(record)],
      );
      if (rows.length === 0) throw new ConflictError(`learning job ${record.id} already exists`);
    },

    async replace(record) {
      assertLearningJobRecord(record);
      assertOpen();
      const { rows } = await db.query(
        `UPDATE ${schema}.learning_jobs SET record = $3 WHERE id = $1 AND owner = $2 RETURNING id`,
        [record.id, owner, JSON.stringify(record)],
      );
      if (rows.length === 0)
        throw new ConflictError(`learning job ${record.id} is not held by this owner`);
    },

    async remove(id) {
      assertOpen();
      await db.query(`DELETE FROM ${schema}.learning_jobs WHERE id = $1 AND owner = $2`, [
        id,
        owner,
      ]);
    },

    async claimOrphans() {
      assertOpen();
      const { rows } = await db.query<{ record: LearningJobRecord | string }>(
        `UPDATE ${schema}.learning_jobs AS job SET owner = $1
         WHERE job.id IN (
           SELECT candidate.id FROM ${schema}.learning_jobs AS candidate
           WHERE candidate.owner IS NULL OR NOT EXISTS (
             SELECT 1 FROM ${schema}.job_owners AS alive
             WHERE alive.owner = candidate.owner AND alive.seen_at > now() - $2::interval
           )
           FOR UPDATE SKIP LOCKED
         )
         RETURNING job.record`,
        [owner, lease],
      );
      // Owners gone for long: their rows only cost space.
      await db.query(
        `DELETE FROM ${schema}.job_owners WHERE seen_at < now() - $1::interval * 10 AND owner <> $2`,
        [lease, owner],
      );
      return rows.map((row) => parseRecord(row.record)).sort(compareLearningJobRecords);
    },

    async awaitTurn(id, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await db.query(
          `SELECT 1 FROM ${schema}.learning_jobs AS earlier, ${schema}.learning_jobs AS job
           WHERE job.id = $1 AND earlier.user_id = job.user_id AND earlier.position < job.position
           LIMIT 1`,
          [id],
        );
        if (rows.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, turnPollMs));
      }
    },

    /** Every job of the user, held by any replica (forget-user): the shared table keeps none. */
    async forgetUser(userId) {
      assertSafeUserId(userId);
      assertOpen();
      const { rows } = await db.query(
        `DELETE FROM ${schema}.learning_jobs WHERE user_id = $1 RETURNING id`,
        [userId],
      );
      return rows.length;
    },

    async close() {
      assertOpen();
      closed = true;
      clearInterval(heartbeat);
      await db.query(`UPDATE ${schema}.learning_jobs SET owner = NULL WHERE owner = $1`, [owner]);
      await db.query(`DELETE FROM ${schema}.job_owners WHERE owner = $1`, [owner]);
    },
  };
}

/** `json` columns come back parsed from `pg` and as text from some drivers. */
function parseRecord(value: LearningJobRecord | string): LearningJobRecord {
  return typeof value === 'string' ? (JSON.parse(value) as LearningJobRecord) : value;
}
