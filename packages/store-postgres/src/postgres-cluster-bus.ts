import { type ClusterBus, EVERYONE, InvalidArgumentError } from '@autoskill/core';
import { type Database, quoteIdentifier } from './database';
import { migrate } from './migrations';

export interface PostgresClusterBusOptions {
  database: Database;
  /** PostgreSQL schema of the store (default `autoskill`). */
  schema?: string;
  /** This process's tag: letters, digits, `_` and `-` (the proxy's `PROCESS_TAG`). */
  self: string;
  /** A member not seen for this long is gone: questions to it are not sent (default 6 s). */
  memberLeaseMs?: number;
  /** Default time to wait for answers (default 2 s). */
  timeoutMs?: number;
}

/** NOTIFY payloads must stay under 8000 bytes; bigger messages go through a table. */
const INLINE_LIMIT = 7000;

interface Envelope {
  k: 'ask' | 'answer' | 'broadcast';
  /** Sender's tag. */
  f: string;
  /** Addressee (`*` for everyone) of an ask; the asker of an answer. */
  t?: string;
  tp?: string;
  /** Call number, to match an answer with its question. */
  c?: number;
  p?: unknown;
  /** Row of `bus_payloads` holding `p` when it was too big to send inline. */
  r?: string;
}

const TAG = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A `ClusterBus` between replicas on one database, over LISTEN/NOTIFY: questions to one replica
 * (a trace it handed out), questions to all (a user's learning jobs), broadcasts (skills
 * changed, a user forgotten). Members mark themselves seen every `memberLeaseMs / 3`, so a
 * question to everyone waits only for the replicas alive, and one to a replica that is gone
 * answers undefined at once.
 */
export async function createPostgresClusterBus(
  options: PostgresClusterBusOptions,
): Promise<ClusterBus & { close(): Promise<void> }> {
  const schemaName = options.schema ?? 'autoskill';
  const schema = quoteIdentifier(schemaName);
  const db = options.database;
  const self = options.self;
  if (typeof self !== 'string' || !TAG.test(self))
    throw new InvalidArgumentError('self', 'must be 1–64 letters, digits, _ or -');
  const leaseMs = options.memberLeaseMs ?? 6_000;
  const defaultTimeout = options.timeoutMs ?? 2_000;
  const lease = `${leaseMs} milliseconds`;
  const channel = `bus_${schemaName}`.slice(0, 63);
  await migrate(db, { schema: schemaName });

  const handlers = new Map<string, (payload: unknown) => unknown>();
  const listeners = new Map<string, Array<(payload: unknown) => void>>();
  /** Questions waiting for answers: deliver one, or finish with what came (at close, at once). */
  const pending = new Map<number, { deliver(envelope: Envelope): void; finish(): void }>();
  let calls = 0;
  let closed = false;

  const markSeen = () =>
    db.query(
      `INSERT INTO ${schema}.bus_members (tag) VALUES ($1)
       ON CONFLICT (tag) DO UPDATE SET seen_at = now()`,
      [self],
    );
  await markSeen();
  const heartbeat = setInterval(
    () => void markSeen().catch(() => {}),
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref?.();

  async function send(envelope: Envelope): Promise<void> {
    if (closed) return;
    let text = JSON.stringify(envelope);
    if (Buffer.byteLength(text) > INLINE_LIMIT) {
      const { p, ...rest } = envelope;
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO ${schema}.bus_payloads (payload) VALUES ($1) RETURNING id::text AS id`,
        [JSON.stringify(p ?? null)],
      );
      text = JSON.stringify({ ...rest, r: rows[0]?.id });
      // Read within milliseconds by whoever it is for: a minute is plenty.
      void db
        .query(`DELETE FROM ${schema}.bus_payloads WHERE created_at < now() - interval '1 minute'`)
        .catch(() => {});
    }
    await db.query('SELECT pg_notify($1, $2)', [channel, text]);
  }

  async function payloadOf(envelope: Envelope): Promise<unknown> {
    if (envelope.r === undefined) return envelope.p;
    const { rows } = await db.query<{ payload: unknown }>(
      `SELECT payload FROM ${schema}.bus_payloads WHERE id = $1::bigint`,
      [envelope.r],
    );
    const value = rows[0]?.payload;
    return typeof value === 'string' ? JSON.parse(value) : (value ?? undefined);
  }

  async function receive(text: string | undefined): Promise<void> {
    if (text === undefined || closed) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.f === self) return;
    if (envelope.k === 'answer') {
      if (envelope.t !== self || envelope.c === undefined) return;
      const waiting = pending.get(envelope.c);
      if (!waiting) return;
      waiting.deliver({ ...envelope, p: await payloadOf(envelope) });
    } else if (envelope.k === 'ask') {
      if (envelope.t !== self && envelope.t !== EVERYONE) return;
      const handler = envelope.tp ? handlers.get(envelope.tp) : undefined;
      let answer: unknown;
      try {
        answer = handler ? await handler(await payloadOf(envelope)) : undefined;
      } catch {
        answer = undefined;
      }
      await send({ k: 'answer', f: self, t: envelope.f, c: envelope.c, p: answer });
    } else if (envelope.k === 'broadcast' && envelope.tp) {
      const payload = await payloadOf(envelope);
      for (const listener of listeners.get(envelope.tp) ?? []) listener(payload);
    }
  }

  const unlisten = await db.listen(channel, (text) => {
    void receive(text).catch(() => {});
  });

  async function othersAlive(): Promise<number> {
    const { rows } = await db.query<{ count: number | string }>(
      `SELECT count(*) AS count FROM ${schema}.bus_members
       WHERE tag <> $1 AND seen_at > now() - $2::interval`,
      [self, lease],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Sends a question; collects answers until `expected` came or the time is up. */
  function call(to: string, topic: string, payload: unknown, expected: number, timeoutMs: number) {
    const id = ++calls;
    const answers: unknown[] = [];
    return new Promise<unknown[]>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(answers);
      };
      const timer = setTimeout(finish, timeoutMs);
      timer.unref?.();
      pending.set(id, {
        deliver(envelope) {
          answers.push(envelope.p);
          if (answers.length >= expected) finish();
        },
        finish,
      });
      send({ k: 'ask', f: self, t: to, tp: topic, c: id, p: payload }).catch(finish);
    });
  }

  return {
    self,
    async ask<T>(to: string, topic: string, payload: unknown, timeoutMs = defaultTimeout) {
      if (to === self) {
        const handler = handlers.get(topic);
        return handler ? ((await handler(payload)) as T) : undefined;
      }
      if (closed || !TAG.test(to)) return undefined;
      const { rows } = await db.query(
        `SELECT 1 FROM ${schema}.bus_members WHERE tag = $1 AND seen_at > now() - $2::interval`,
        [to, lease],
      );
      if (rows.length === 0) return undefined;
      const [answer] = await call(to, topic, payload, 1, timeoutMs);
      return answer as T | undefined;
    },
    async askAll<T>(topic: string, payload: unknown, timeoutMs = defaultTimeout) {
      if (closed) return [];
      const expected = await othersAlive();
      if (expected === 0) return [];
      const answers = await call(EVERYONE, topic, payload, expected, timeoutMs);
      return answers.filter((answer) => answer !== undefined && answer !== null) as T[];
    },
    answer: (topic, handler) => void handlers.set(topic, handler),
    broadcast(topic, payload) {
      void send({ k: 'broadcast', f: self, tp: topic, p: payload }).catch(() => {});
    },
    on: (topic, listener) => listeners.set(topic, [...(listeners.get(topic) ?? []), listener]),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      // Questions in flight end now with the answers they have, not at their timeout.
      for (const waiting of [...pending.values()]) waiting.finish();
      await unlisten();
      await db.query(`DELETE FROM ${schema}.bus_members WHERE tag = $1`, [self]).catch(() => {});
    },
  };
}
