import { statSync } from 'node:fs';
import { appendFile, open, readFile, stat } from 'node:fs/promises';
import { errorCode, writeFileAtomic } from './atomic-file';

/** One line of the journal: a skill was written or deleted. */
export interface JournalEntry {
  sequence: number;
  operation: 'put' | 'delete';
  id: string;
  /** Folder of the skill relative to the store root (POSIX), for `put`. */
  folder?: string;
  revision?: number;
  process: number;
}

/** A journal line as a writer gives it (the journal adds `sequence` and `process`). */
export type JournalChange = Omit<JournalEntry, 'sequence' | 'process'>;

/** What a reader learned from the journal since its last read. */
export interface JournalChanges {
  entries: JournalEntry[];
  /** The file was replaced or truncated: the reader must rescan everything. */
  reset: boolean;
}

/** Journal size after which the next append starts a new file (about 30,000 writes). */
export const DEFAULT_JOURNAL_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Append-only change log (`.autoskill/journal.log`, one JSON line per mutation, written under the
 * store lock). Each process remembers the byte offset it has read; `readNew()` costs one `stat`
 * when nothing changed. When the file passes `maxBytes` the writer replaces it with a file
 * holding only its latest lines (sequence numbers continue); other processes see a new file and
 * rescan the store once, so the log never grows without bound.
 */
export class ChangeJournal {
  readonly #path: string;
  readonly #maxBytes: number;
  #offset = 0;
  #inode: number | undefined;
  #sequence = 0;

  constructor(path: string, options: { maxBytes?: number } = {}) {
    this.#path = path;
    this.#maxBytes = options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
  }

  /**
   * Marks everything currently in the file as read without parsing it (used before a full scan),
   * so opening a store costs the same however long the journal has grown. Only the tail is read,
   * to continue the sequence numbers.
   */
  async skipToEnd(): Promise<void> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.#path, 'r');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      this.#inode = undefined;
      this.#offset = 0;
      return;
    }
    try {
      const info = await handle.stat();
      const length = Math.min(info.size, 4096);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, info.size - length);
      const tail = buffer.subarray(0, bytesRead).toString('utf8');
      const end = tail.lastIndexOf('\n');
      this.#inode = info.ino;
      this.#offset = info.size - (bytesRead - (end + 1));
      for (const line of tail.slice(0, end).split('\n').reverse()) {
        try {
          const entry = JSON.parse(line) as JournalEntry;
          if (typeof entry.sequence === 'number') {
            this.#sequence = entry.sequence;
            break;
          }
        } catch {
          // Partial first line of the tail window.
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** What has been read so far (for the catalog); inode 0 when there was no journal file. */
  position(): { inode: number; offset: number } {
    return { inode: this.#inode ?? 0, offset: this.#inode === undefined ? 0 : this.#offset };
  }

  /**
   * Continues reading after `position` (a catalog's): the next `readNew()` returns the lines
   * appended since. False, with everything marked read, when the file was replaced or cut since
   * (the caller must scan the store).
   */
  async resumeAt(position: { inode: number; offset: number }): Promise<boolean> {
    await this.skipToEnd();
    // No file then: every line there is now was written since.
    if (position.inode === 0) {
      this.#offset = 0;
      return true;
    }
    if (this.#inode !== position.inode || position.offset > this.#offset) return false;
    this.#offset = position.offset;
    return true;
  }

  /** Entries appended since the last call (complete lines only). */
  async readNew(): Promise<JournalChanges> {
    let info: ReturnType<typeof statSync>;
    try {
      // Called before every read: a synchronous stat costs microseconds, an async one a thread-pool round trip.
      info = statSync(this.#path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      const reset = this.#inode !== undefined;
      this.#inode = undefined;
      this.#offset = 0;
      return { entries: [], reset };
    }
    let reset = false;
    if (this.#inode !== undefined && (info.ino !== this.#inode || info.size < this.#offset)) {
      reset = true;
      this.#offset = 0;
    }
    this.#inode = info.ino;
    if (info.size === this.#offset) return { entries: [], reset };
    const handle = await open(this.#path, 'r');
    let text: string;
    try {
      const length = info.size - this.#offset;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.#offset);
      const chunk = buffer.subarray(0, bytesRead);
      const end = chunk.lastIndexOf(10);
      if (end < 0) return { entries: [], reset };
      text = chunk.subarray(0, end + 1).toString('utf8');
      this.#offset += end + 1;
    } finally {
      await handle.close();
    }
    const entries: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (
          typeof entry.id === 'string' &&
          (entry.operation === 'put' || entry.operation === 'delete')
        ) {
          entries.push(entry);
          if (typeof entry.sequence === 'number')
            this.#sequence = Math.max(this.#sequence, entry.sequence);
        }
      } catch {
        // A torn line from a crashed writer: the full scan on the next open covers it.
      }
    }
    return { entries, reset };
  }

  /**
   * Replaces the journal with the lines `keep` accepts (forgetting a user: no line may still name
   * their folders). Readers see a new file and rescan once. Call under the store lock, right
   * after `readNew()`. Returns how many lines were dropped.
   */
  async rewrite(keep: (entry: JournalEntry) => boolean): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 0;
      throw error;
    }
    const kept: string[] = [];
    let dropped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: JournalEntry | undefined;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        // A torn line: nothing reads it; drop it with the rest.
      }
      if (entry && keep(entry)) kept.push(`${line}\n`);
      else dropped++;
    }
    if (dropped === 0) return 0;
    await writeFileAtomic(this.#path, kept.join(''), { sync: true });
    const info = await stat(this.#path);
    this.#inode = info.ino;
    this.#offset = info.size;
    return dropped;
  }

  /** Appends an entry. Call under the store lock, right after `readNew()`. */
  async append(entry: JournalChange): Promise<JournalEntry> {
    const [full] = await this.appendMany([entry]);
    return full as JournalEntry;
  }

  /** Appends several entries with one write (bulk imports). */
  async appendMany(entries: JournalChange[]): Promise<JournalEntry[]> {
    if (entries.length === 0) return [];
    const written = entries.map(
      (entry, index): JournalEntry => ({
        sequence: this.#sequence + 1 + index,
        ...entry,
        process: process.pid,
      }),
    );
    const lines = written.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    await appendFile(this.#path, lines);
    this.#sequence = written[written.length - 1]!.sequence;
    let info = await stat(this.#path);
    if (info.size > this.#maxBytes) {
      // Start over with just these lines: readers notice the new file and rescan.
      await writeFileAtomic(this.#path, lines, { sync: false });
      info = await stat(this.#path);
      this.#inode = info.ino;
      this.#offset = info.size;
      return written;
    }
    // Our own line is already applied in memory: move the read offset past it.
    if (this.#inode === undefined || info.ino === this.#inode) {
      this.#inode = info.ino;
      this.#offset = info.size;
    }
    return written;
  }
}
