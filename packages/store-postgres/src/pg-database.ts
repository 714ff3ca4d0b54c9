import pg from 'pg';
import type { Database, Queryable } from './database';

export interface ConnectPostgresOptions {
  /** `postgres://user:password@host:port/database`; or pass `pool`. */
  connectionString?: string;
  /** A pool of your own (left open by `close()`). */
  pool?: pg.Pool;
  /** Connections of the pool made here. Default 10. */
  max?: number;
}

/** A `Database` on a PostgreSQL server through node-postgres (`pg`). */
export function connectPostgres(options: ConnectPostgresOptions): Database {
  const ownsPool = options.pool === undefined;
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client that dies (server restart) must not crash the process; the next query reconnects.
  if (ownsPool) pool.on('error', () => {});
  const listeners = new Map<string, Set<(payload: string | undefined) => void>>();
  let listenClient: Promise<pg.Client> | undefined;
  let closed = false;

  const notifyAll = (payload: string | undefined) => {
    for (const handlers of listeners.values()) for (const handler of handlers) handler(payload);
  };

  /** One dedicated connection holds every LISTEN of this object; made again when lost. */
  function listenConnection(): Promise<pg.Client> {
    listenClient ??= (async () => {
      const client = new pg.Client(
        options.connectionString
          ? { connectionString: options.connectionString }
          : (options.pool?.options ?? {}),
      );
      client.on('notification', (message) => {
        for (const handler of listeners.get(message.channel) ?? []) handler(message.payload);
      });
      let lost = false;
      const onLost = () => {
        if (lost) return;
        lost = true;
        listenClient = undefined;
        client.end().catch(() => {});
        if (closed) return;
        scheduleRelisten(200);
      };
      // A server restart or a terminated backend: 'error' on an idle client, or just 'end'.
      client.on('error', onLost);
      client.on('end', onLost);
      try {
        await client.connect();
      } catch (error) {
        listenClient = undefined;
        throw error;
      }
      return client;
    })();
    return listenClient;
  }

  /** Reconnects, LISTENs again and tells everyone that changes may have been missed; retries each second. */
  function scheduleRelisten(delay: number): void {
    setTimeout(() => {
      if (closed || listeners.size === 0) return;
      relisten().then(
        () => notifyAll(undefined),
        () => scheduleRelisten(1000),
      );
    }, delay).unref();
  }

  async function relisten(): Promise<void> {
    const client = await listenConnection();
    for (const channel of listeners.keys()) await client.query(`LISTEN "${channel}"`);
  }

  const query: Queryable['query'] = async <Row>(sql: string, params?: unknown[]) => {
    const result = await pool.query(sql, params);
    return { rows: result.rows as Row[] };
  };

  return {
    kind: 'pg',
    query,
    async transaction(work) {
      const client = await pool.connect();
      const tx: Queryable = {
        query: async <Row>(sql: string, params?: unknown[]) => ({
          rows: (await client.query(sql, params)).rows as Row[],
        }),
      };
      let failed = false;
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failed = true;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A client whose ROLLBACK may not have run is dropped rather than reused.
        client.release(failed ? true : undefined);
      }
    },
    async listen(channel, onPayload) {
      let handlers = listeners.get(channel);
      if (!handlers) {
        handlers = new Set();
        listeners.set(channel, handlers);
        await (await listenConnection()).query(`LISTEN "${channel}"`);
      }
      handlers.add(onPayload);
      return async () => {
        handlers.delete(onPayload);
        if (handlers.size > 0 || listeners.get(channel) !== handlers) return;
        listeners.delete(channel);
        const client = await listenClient?.catch(() => undefined);
        await client?.query(`UNLISTEN "${channel}"`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      const client = await listenClient?.catch(() => undefined);
      listenClient = undefined;
      await client?.end().catch(() => {});
      if (ownsPool) await pool.end();
    },
  };
}
