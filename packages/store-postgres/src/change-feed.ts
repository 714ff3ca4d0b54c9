import type { Database, Queryable } from './database';

/** Payloads stay under PostgreSQL's 8000-byte NOTIFY limit: ids go out in chunks. */
const IDS_PER_NOTIFICATION = 100;

/**
 * Tells other processes which ids changed (NOTIFY inside the writing transaction, so it is
 * delivered on commit and never for a rollback) and collects what they changed.
 */
export interface ChangeFeed {
  /** Queues a notification of `ids` in `tx` (sent when it commits). */
  announce(tx: Queryable, ids: string[]): Promise<void>;
  /** Ids changed by others since the last call; `undefined` entries mean "maybe everything". */
  takeChanges(): { ids: string[]; maybeMissed: boolean };
  /** Called on every change by others (after it is queued for `takeChanges`). */
  onChange(listener: (ids: string[] | undefined) => void): () => void;
  close(): Promise<void>;
}

export async function openChangeFeed(db: Database, channel: string): Promise<ChangeFeed> {
  const origin = globalThis.crypto.randomUUID();
  const pending = new Set<string>();
  let maybeMissed = false;
  const listeners = new Set<(ids: string[] | undefined) => void>();
  const unlisten = await db.listen(channel, (payload) => {
    let ids: string[] | undefined;
    if (payload === undefined) {
      maybeMissed = true;
    } else {
      const message = parse(payload);
      if (!message || message.o === origin) return;
      ids = message.ids;
      for (const id of ids) pending.add(id);
    }
    for (const listener of listeners) listener(ids);
  });
  return {
    async announce(tx, ids) {
      for (let start = 0; start < ids.length; start += IDS_PER_NOTIFICATION) {
        const chunk = ids.slice(start, start + IDS_PER_NOTIFICATION);
        await tx.query('SELECT pg_notify($1, $2)', [
          channel,
          JSON.stringify({ o: origin, ids: chunk }),
        ]);
      }
    },
    takeChanges() {
      const result = { ids: [...pending], maybeMissed };
      pending.clear();
      maybeMissed = false;
      return result;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}

function parse(payload: string): { o: string; ids: string[] } | undefined {
  try {
    const value = JSON.parse(payload) as { o?: unknown; ids?: unknown };
    if (typeof value.o !== 'string' || !Array.isArray(value.ids)) return undefined;
    return { o: value.o, ids: value.ids.filter((id): id is string => typeof id === 'string') };
  } catch {
    return undefined;
  }
}
