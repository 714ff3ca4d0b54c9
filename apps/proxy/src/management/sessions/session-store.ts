import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSafeUserId, type ChatSessionStore, KeyedMutex } from '@autoskill/core';
import { SESSION_ID_PATTERN, type StoredSession } from './session-schemas';

/**
 * Chat sessions of the studio, per user: one JSON file per session under
 * `<store>/.autoskill/sessions/<user>/<id>.json`, written atomically (a temp file renamed over
 * the old one), changes of one user serialised in this process. Without a store folder (an
 * in-memory store) they live in memory.
 */
export class SessionStore implements ChatSessionStore<StoredSession> {
  private readonly mutex = new KeyedMutex();
  private readonly memory = new Map<string, Map<string, StoredSession>>();

  /** `rootDirectory` resolves to the store folder, or undefined for an in-memory store. */
  constructor(private readonly rootDirectory: () => Promise<string | undefined>) {}

  /** Every session of a user, newest change first. */
  async list(userId: string): Promise<StoredSession[]> {
    const sessions = await this.readAll(userId);
    return sessions.sort((a, b) => b.updated_at - a.updated_at || a.id.localeCompare(b.id));
  }

  /** One session of a user, or undefined (another user's session is never found). */
  async get(userId: string, id: string): Promise<StoredSession | undefined> {
    if (!SESSION_ID_PATTERN.test(id)) return undefined;
    const folder = await this.folder(userId);
    if (!folder) return this.memory.get(userId)?.get(id);
    return readSession(join(folder, `${id}.json`));
  }

  /** A fresh session id. */
  newId(): string {
    return randomUUID();
  }

  /** Writes a session (new or replaced), serialised per user. */
  save(session: StoredSession): Promise<StoredSession> {
    return this.mutex.run(session.user, async () => {
      await this.write(session);
      return session;
    });
  }

  /** Reads, changes and writes one session in one step; undefined when it does not exist. */
  update(
    userId: string,
    id: string,
    change: (session: StoredSession) => StoredSession,
  ): Promise<StoredSession | undefined> {
    return this.mutex.run(userId, async () => {
      const current = await this.get(userId, id);
      if (!current) return undefined;
      const next = change(current);
      await this.write(next);
      return next;
    });
  }

  /** Deletes a session; false when it did not exist. */
  delete(userId: string, id: string): Promise<boolean> {
    return this.mutex.run(userId, async () => {
      if (!(await this.get(userId, id))) return false;
      const folder = await this.folder(userId);
      if (!folder) return this.memory.get(userId)?.delete(id) ?? false;
      await rm(join(folder, `${id}.json`), { force: true });
      return true;
    });
  }

  /** Deletes every session of a user (forget-user), the folder included; true when there was one. */
  forgetUser(userId: string): Promise<boolean> {
    return this.mutex.run(userId, async () => {
      const folder = await this.folder(userId);
      if (!folder) return this.memory.delete(userId);
      const existed = await readdir(folder).then(
        () => true,
        () => false,
      );
      await rm(folder, { recursive: true, force: true });
      return existed;
    });
  }

  private async write(session: StoredSession): Promise<void> {
    if (!SESSION_ID_PATTERN.test(session.id)) throw new Error(`bad session id ${session.id}`);
    const folder = await this.folder(session.user);
    if (!folder) {
      const sessions = this.memory.get(session.user) ?? new Map<string, StoredSession>();
      sessions.set(session.id, structuredClone(session));
      this.memory.set(session.user, sessions);
      return;
    }
    await mkdir(folder, { recursive: true });
    const target = join(folder, `${session.id}.json`);
    const temporary = `${target}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(session)}\n`, { flush: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private async readAll(userId: string): Promise<StoredSession[]> {
    const folder = await this.folder(userId);
    if (!folder) return [...(this.memory.get(userId)?.values() ?? [])];
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    const sessions = await Promise.all(
      names
        .filter((name) => name.endsWith('.json') && SESSION_ID_PATTERN.test(name.slice(0, -5)))
        .map((name) => readSession(join(folder, name))),
    );
    return sessions.filter((session): session is StoredSession => session !== undefined);
  }

  private async folder(userId: string): Promise<string | undefined> {
    assertSafeUserId(userId);
    const root = await this.rootDirectory();
    return root ? join(root, '.autoskill', 'sessions', userId) : undefined;
  }
}

async function readSession(path: string): Promise<StoredSession | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as StoredSession;
    return value?.object === 'autoskill.session' ? value : undefined;
  } catch {
    // Missing, or unreadable (never half-written: writes are renames): not listed.
    return undefined;
  }
}
