import type { LearningJobRecord, LearningJobStore } from '@autoskill/core';
import { runLearningJobStoreTests } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresLearningJobStore } from './postgres-learning-job-store';
import {
  DATABASE_START_TIMEOUT,
  dropSchema,
  freshSchema,
  useTestDatabase,
} from './test-support/test-database';

const database = useTestDatabase();

runLearningJobStoreTests(
  `PostgreSQL (${process.env.AUTOSKILL_TEST_DATABASE_URL ? 'server' : 'PGlite'})`,
  {
    async createStorage() {
      const schema = freshSchema('jobs');
      return {
        open: () => createPostgresLearningJobStore({ database: database(), schema }),
        cleanup: () => dropSchema(database(), schema),
      };
    },
  },
);

describe('PostgreSQL learning jobs across replicas', () => {
  const schemas: string[] = [];
  const stores: LearningJobStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => {});
    for (const schema of schemas.splice(0)) await dropSchema(database(), schema);
  });

  async function open(schema: string, leaseMs?: number): Promise<LearningJobStore> {
    const store = await createPostgresLearningJobStore({
      database: database(),
      schema,
      ...(leaseMs === undefined ? {} : { leaseMs }),
      turnPollMs: 20,
    });
    stores.push(store);
    return store;
  }

  function fresh(): string {
    const schema = freshSchema('jobs');
    schemas.push(schema);
    return schema;
  }

  it('hands the jobs of an owner that stopped marking itself seen (killed) to another', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const schema = fresh();
    const killed = await open(schema, 300);
    const survivor = await open(schema, 300);
    await killed.add(job(1));
    expect(await survivor.claimOrphans()).toEqual([]);
    // A killed replica neither closes nor marks itself seen: its row just grows old.
    await database().query(
      `UPDATE "${schema}".job_owners SET seen_at = now() - interval '1 hour'
       WHERE owner = (SELECT owner FROM "${schema}".learning_jobs WHERE id = $1)`,
      [job(1).id],
    );
    expect(await survivor.claimOrphans()).toEqual([job(1)]);
    // The claimer owns it now: it may finish it, the old owner may not.
    await survivor.remove(job(1).id);
    expect(await database().query(`SELECT id FROM "${schema}".learning_jobs`)).toMatchObject({
      rows: [],
    });
  });

  it('keeps a live owner’s jobs while it marks itself seen past the lease', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const schema = fresh();
    const alive = await open(schema, 200);
    const other = await open(schema, 200);
    await alive.add(job(1));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await other.claimOrphans()).toEqual([]);
  });

  it('gives a user’s later job its turn only when the earlier one, on another replica, is done', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const schema = fresh();
    const replicaA = await open(schema);
    const replicaB = await open(schema);
    await replicaA.add(job(1));
    await replicaB.add(job(2));
    await replicaB.add(job(3, { experience: { userId: 'bob', messages: [] } }));
    // Bob's job waits for nobody; alice's second waits for her first.
    await replicaB.awaitTurn?.(job(3).id);
    let turned = false;
    const turn = replicaB.awaitTurn?.(job(2).id).then(() => {
      turned = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(turned).toBe(false);
    await replicaA.remove(job(1).id);
    await turn;
    expect(turned).toBe(true);
    await replicaB.awaitTurn?.('job_unknown');
    const aborted = new AbortController();
    await replicaA.add(job(4));
    const waiting = replicaB.awaitTurn?.(job(4).id, aborted.signal);
    aborted.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('forgets every job of one user, whichever replica holds it, and no other user’s', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const schema = fresh();
    const replicaA = await open(schema);
    const replicaB = await open(schema);
    await replicaA.add(job(1));
    await replicaB.add(job(2));
    await replicaB.add(job(3, { experience: { userId: 'bob', messages: [] } }));
    // An orphan (its replica closed) is the user's too.
    const closed = await open(schema);
    await closed.add(job(4));
    await closed.close();

    expect(await replicaA.forgetUser?.('alice')).toBe(3);

    const { rows } = await database().query<{ user_id: string }>(
      `SELECT user_id FROM "${schema}".learning_jobs`,
    );
    expect(rows.map((row) => row.user_id)).toEqual(['bob']);
    expect(await replicaB.forgetUser?.('alice')).toBe(0);
    for (const userId of ['', '*', '../bob'])
      await expect(replicaA.forgetUser?.(userId), userId).rejects.toThrow();
  });
});

function job(position: number, overrides: Partial<LearningJobRecord> = {}): LearningJobRecord {
  return {
    id: `job_${String(position).padStart(4, '0')}`,
    experience: { userId: 'alice', messages: [{ role: 'user', content: `message ${position}` }] },
    trigger: 'auto',
    createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, position)).toISOString(),
    sequence: position,
    ...overrides,
  };
}
