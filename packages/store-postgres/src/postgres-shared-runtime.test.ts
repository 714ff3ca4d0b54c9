import type { ClusterBus } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { createPostgresChatSessionStore } from './postgres-chat-session-store';
import { createPostgresClusterBus } from './postgres-cluster-bus';
import {
  anotherConnection,
  DATABASE_START_TIMEOUT,
  dropSchema,
  eventually,
  freshSchema,
  useTestDatabase,
} from './test-support/test-database';

// What replicas on one database share besides skills: a message bus and the studio's sessions.

const database = useTestDatabase();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function schema(): string {
  const name = freshSchema('rt');
  cleanups.push(() => dropSchema(database(), name));
  return name;
}

async function bus(schemaName: string, self: string): Promise<ClusterBus> {
  const connection: Database = anotherConnection(database());
  const opened = await createPostgresClusterBus({
    database: connection,
    schema: schemaName,
    self,
    timeoutMs: 3_000,
  });
  cleanups.push(async () => {
    await opened.close();
    await connection.close();
  });
  return opened;
}

describe('PostgreSQL cluster bus', () => {
  it('asks one replica, asks all, and broadcasts; big answers travel too', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const name = schema();
    const [a, b, c] = [
      await bus(name, 'replica-a'),
      await bus(name, 'replica-b'),
      await bus(name, 'replica-c'),
    ];
    b.answer('trace', (id) => (id === 'trace_1' ? { id, from: 'b' } : undefined));
    c.answer('trace', () => undefined);
    b.answer('jobs', () => ['b1']);
    c.answer('jobs', () =>
      Array.from({ length: 400 }, (_, index) => `c-job-${index}-${'x'.repeat(40)}`),
    );
    expect(await a.ask('replica-b', 'trace', 'trace_1')).toEqual({ id: 'trace_1', from: 'b' });
    expect(await a.ask('replica-b', 'trace', 'trace_2')).toBeUndefined();
    const all = await a.askAll<string[]>('jobs', null);
    expect(all.map((answer) => answer.length).sort((x, y) => x - y)).toEqual([1, 400]);
    const heard: unknown[] = [];
    b.on('skills-changed', (payload) => heard.push(payload));
    c.on('skills-changed', (payload) => heard.push(payload));
    a.broadcast('skills-changed', { by: 'a' });
    expect(await eventually(async () => heard.length === 2, 3_000)).toBe(true);
    expect(heard).toEqual([{ by: 'a' }, { by: 'a' }]);
  });

  it('ends questions in flight at close with the answers that came, not at their timeout', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const name = schema();
    const [a, b, c, d] = [
      await bus(name, 'replica-a'),
      await bus(name, 'replica-b'),
      await bus(name, 'replica-c'),
      await bus(name, 'replica-d'),
    ];
    let bAnswered = false;
    b.answer('jobs', () => {
      bAnswered = true;
      return ['b1'];
    });
    // c and d never answer: the question would wait for its 20 s timeout.
    c.answer('jobs', () => new Promise(() => {}));
    d.answer('jobs', () => new Promise(() => {}));
    const asked = a.askAll<string[]>('jobs', null, 20_000);
    expect(await eventually(async () => bAnswered, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closedAt = Date.now();
    await (a as ClusterBus & { close(): Promise<void> }).close();
    const answers = await asked;
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    for (const answer of answers) expect(answer).toEqual(['b1']);
  });

  it('answers undefined at once for a replica that is gone', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const name = schema();
    const a = await bus(name, 'replica-a');
    const started = Date.now();
    expect(await a.ask('replica-gone', 'trace', 'x')).toBeUndefined();
    expect(await a.askAll('jobs', null)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('PostgreSQL chat sessions', () => {
  interface Session {
    id: string;
    user: string;
    updated_at: number;
    messages: string[];
  }

  it('are shared, kept per user, changed atomically and forgotten per user', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const name = schema();
    const replicaA = await createPostgresChatSessionStore<Session>({
      database: database(),
      schema: name,
    });
    const other = anotherConnection(database());
    cleanups.push(() => other.close());
    const replicaB = await createPostgresChatSessionStore<Session>({
      database: other,
      schema: name,
    });
    const id = replicaA.newId();
    await replicaA.save({ id, user: 'alice', updated_at: 1, messages: [] });
    await replicaA.save({ id: 'older', user: 'alice', updated_at: 0, messages: ['x'] });
    await replicaA.save({ id, user: 'bob', updated_at: 5, messages: ['bob’s'] });
    expect((await replicaB.list('alice')).map((session) => session.id)).toEqual([id, 'older']);
    expect(await replicaB.get('bob', id)).toMatchObject({ messages: ['bob’s'] });
    expect(await replicaB.get('carol', id)).toBeUndefined();
    expect(await replicaB.get('alice', '../etc')).toBeUndefined();
    // Two replicas appending to one session at once: both messages stay.
    await Promise.all(
      ['from A', 'from B'].map((text, index) =>
        (index === 0 ? replicaA : replicaB).update('alice', id, (session) => ({
          ...session,
          updated_at: session.updated_at + 1,
          messages: [...session.messages, text],
        })),
      ),
    );
    expect((await replicaA.get('alice', id))?.messages.sort()).toEqual(['from A', 'from B']);
    expect(await replicaA.update('alice', 'missing', (session) => session)).toBeUndefined();
    await expect(
      replicaA.save({ id: '../x', user: 'alice', updated_at: 1, messages: [] }),
    ).rejects.toThrow(/session id/);
    await expect(replicaA.list('../alice')).rejects.toThrow();
    expect(await replicaB.delete('alice', 'older')).toBe(true);
    expect(await replicaB.delete('alice', 'older')).toBe(false);
    expect(await replicaA.forgetUser('alice')).toBe(true);
    expect(await replicaB.list('alice')).toEqual([]);
    expect(await replicaB.list('bob')).toHaveLength(1);
  });
});
