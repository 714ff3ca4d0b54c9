/** What every stored chat session has; the rest of it is the caller's JSON. */
export interface ChatSessionRecord {
  /** 1–80 characters of `A-Z a-z 0-9 _ -`, starting with a letter or digit. */
  id: string;
  /** The user it belongs to (checked with `assertSafeUserId`). */
  user: string;
  /** Milliseconds since epoch of the last change: lists are newest change first. */
  updated_at: number;
}

/**
 * The studio's chat sessions, per user. Implementations: files under the local store's
 * `.autoskill/sessions/<user>/` or memory (`@autoskill/proxy`), a table shared by every replica
 * (`createPostgresChatSessionStore` in `@autoskill/store-postgres`). A session is only ever found
 * through its own user; changes of one session are atomic (`update` reads and writes in one step,
 * also across processes).
 */
export interface ChatSessionStore<T extends ChatSessionRecord = ChatSessionRecord> {
  /** Every session of a user, newest change first. */
  list(userId: string): Promise<T[]>;
  /** One session of a user, or undefined (another user's session is never found). */
  get(userId: string, id: string): Promise<T | undefined>;
  /** A fresh session id. */
  newId(): string;
  /** Writes a session (new or replaced). */
  save(session: T): Promise<T>;
  /** Reads, changes and writes one session in one step; undefined when it does not exist. */
  update(userId: string, id: string, change: (session: T) => T): Promise<T | undefined>;
  /** Deletes a session; false when it did not exist. */
  delete(userId: string, id: string): Promise<boolean>;
  /** Deletes every session of a user (forget-user); true when there was one. */
  forgetUser(userId: string): Promise<boolean>;
}
