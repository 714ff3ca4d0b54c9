import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WriteLock } from '@autoskill/file-lock';
import { errorCode, writeFileAtomic } from './atomic-file';
import { STATE_DIRECTORY } from './store-paths';

/** How often a skill was retrieved, injected and judged used, and when last (ISO times). */
export interface SkillUsage {
  retrieved: number;
  injected: number;
  used: number;
  lastRetrievedAt?: string;
  lastInjectedAt?: string;
  lastUsedAt?: string;
}

/** One thing that happened to a skill in a turn. */
export type SkillUsageEvent = 'retrieved' | 'injected' | 'used';

const LAST_FIELD = {
  retrieved: 'lastRetrievedAt',
  injected: 'lastInjectedAt',
  used: 'lastUsedAt',
} as const satisfies Record<SkillUsageEvent, keyof SkillUsage>;

/** The usage sidecar, relative to the store root. Not SKILL.md: usage is not content. */
export const USAGE_FILE = `${STATE_DIRECTORY}/skill-usage.json`;

export interface SkillUsageLedgerOptions {
  /** The store root; the ledger lives in `<directory>/.autoskill/skill-usage.json`. */
  directory: string;
  /** Counts are written at most this often (default 2000 ms); `flush()` writes at once. */
  flushDelayMs?: number;
  /** fsync the file on each flush (default true). */
  sync?: boolean;
  lockTimeoutMs?: number;
  logger?: { warn(message: string): void };
}

/**
 * Per-skill usage counters beside the store, shared by every process on it. Counts are added up
 * in memory and merged into the file in batches (read, add, atomic rename, under its own lock so
 * usage never waits for skill writes): concurrent requests and processes add up, none is lost,
 * and no skill gets a new revision for being used.
 *
 * @example
 * const ledger = new SkillUsageLedger({ directory: 'Skills' });
 * ledger.record(skillId, 'injected');
 * await ledger.close(); // writes what is pending
 */
export class SkillUsageLedger {
  readonly #path: string;
  readonly #lock: WriteLock;
  readonly #flushDelayMs: number;
  readonly #sync: boolean;
  readonly #logger: { warn(message: string): void } | undefined;
  /** What the file held when last read. */
  #saved = new Map<string, SkillUsage>();
  #savedStamp = '';
  /** Counted here, not yet in the file. */
  #pending = new Map<string, SkillUsage>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: SkillUsageLedgerOptions) {
    this.#path = join(options.directory, USAGE_FILE);
    this.#flushDelayMs = options.flushDelayMs ?? 2000;
    this.#sync = options.sync ?? true;
    this.#logger = options.logger;
    const state = join(options.directory, STATE_DIRECTORY);
    this.#lock = new WriteLock({
      // Keyed by the file, not `.autoskill`: proper-lockfile tracks locks by target, and the
      // store's own lock is keyed by `.autoskill` in this same process.
      target: this.#path,
      lockPath: join(state, 'usage.lock'),
      description: `the usage counters ${this.#path}`,
      timeoutMs: options.lockTimeoutMs ?? 10_000,
      lingerMs: 0,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** Counts one event for a skill now; written with the next batch. */
  record(id: string, event: SkillUsageEvent, at: Date = new Date()): void {
    const row = this.#pending.get(id) ?? emptyUsage();
    row[event]++;
    row[LAST_FIELD[event]] = latest(row[LAST_FIELD[event]], at.toISOString());
    this.#pending.set(id, row);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((error) =>
        this.#logger?.warn(`autoskill usage: could not save counters: ${String(error)}`),
      );
    }, this.#flushDelayMs);
    this.#timer.unref?.();
  }

  /**
   * Usage of every skill with any (file plus what this process has not written yet). The rows
   * are shared with the ledger: read them, do not change them.
   */
  async all(): Promise<Map<string, Readonly<SkillUsage>>> {
    await this.#reload();
    const result = new Map<string, Readonly<SkillUsage>>(this.#saved);
    for (const [id, row] of this.#pending) result.set(id, addUsage(result.get(id), row));
    return result;
  }

  /** Usage of one skill (zeros when it was never retrieved). */
  async get(id: string): Promise<SkillUsage> {
    await this.#reload();
    const saved = this.#saved.get(id);
    const pending = this.#pending.get(id);
    if (pending) return addUsage(saved, pending);
    return saved ? { ...saved } : emptyUsage();
  }

  /** Writes pending counts now (merged with what other processes wrote meanwhile). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.#flushing.then(() => this.#flushNow());
    this.#flushing = next.catch(() => undefined);
    return next;
  }

  /** Removes the counters of these skills (deleted or forgotten) from memory and the file. */
  forget(ids: Iterable<string>): Promise<void> {
    const gone = new Set(ids);
    for (const id of gone) this.#pending.delete(id);
    if (gone.size === 0) return Promise.resolve();
    const next = this.#flushing.then(() =>
      this.#rewrite((rows) => {
        for (const id of gone) rows.delete(id);
      }),
    );
    this.#flushing = next.catch(() => undefined);
    return next;
  }

  /** Flushes and releases the lock. */
  async close(): Promise<void> {
    await this.flush();
    await this.#lock.close();
  }

  async #flushNow(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.#rewrite((rows) => {
        for (const [id, row] of batch) rows.set(id, addUsage(rows.get(id), row));
      });
    } catch (error) {
      // Keep the counts for the next try rather than losing them.
      for (const [id, row] of batch) this.#pending.set(id, addUsage(this.#pending.get(id), row));
      throw error;
    }
  }

  /** Under the lock: reads the file (other processes' counts included), changes it, writes it. */
  async #rewrite(change: (rows: Map<string, SkillUsage>) => void): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    await this.#lock.run(async () => {
      await this.#reload();
      const rows = new Map(this.#saved);
      change(rows);
      const skills = Object.fromEntries([...rows].sort(([a], [b]) => (a < b ? -1 : 1)));
      await writeFileAtomic(this.#path, `${JSON.stringify({ version: 1, skills })}\n`, {
        sync: this.#sync,
      });
      this.#saved = rows;
      this.#savedStamp = await this.#stamp();
    });
  }

  /** Re-reads the file when another process replaced it (one `stat` otherwise). */
  async #reload(): Promise<void> {
    const stamp = await this.#stamp();
    if (stamp === this.#savedStamp) return;
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      text = '';
    }
    this.#saved = parseLedger(text, (message) => this.#logger?.warn(message));
    this.#savedStamp = stamp;
  }

  async #stamp(): Promise<string> {
    try {
      const info = await stat(this.#path);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 'none';
      throw error;
    }
  }
}

export function emptyUsage(): SkillUsage {
  return { retrieved: 0, injected: 0, used: 0 };
}

/** Sum of two usage rows (counts added, the later of each time). */
export function addUsage(left: SkillUsage | undefined, right: SkillUsage): SkillUsage {
  const sum: SkillUsage = {
    retrieved: (left?.retrieved ?? 0) + right.retrieved,
    injected: (left?.injected ?? 0) + right.injected,
    used: (left?.used ?? 0) + right.used,
  };
  for (const field of Object.values(LAST_FIELD)) {
    const time = latest(left?.[field], right[field]);
    if (time) sum[field] = time;
  }
  return sum;
}

function latest(left: string | undefined, right: string | undefined): string | undefined {
  if (!left) return right;
  if (!right) return left;
  return left > right ? left : right;
}

/** The rows of a ledger file; a damaged file counts as empty (usage is advisory, never fatal). */
function parseLedger(text: string, warn: (message: string) => void): Map<string, SkillUsage> {
  const rows = new Map<string, SkillUsage>();
  if (text.trim() === '') return rows;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    warn('autoskill usage: the counters file is damaged; starting from zero');
    return rows;
  }
  const skills = (parsed as { skills?: unknown })?.skills;
  if (typeof skills !== 'object' || skills === null) return rows;
  for (const [id, value] of Object.entries(skills)) {
    const row = value as Partial<SkillUsage>;
    const usage: SkillUsage = {
      retrieved: count(row.retrieved),
      injected: count(row.injected),
      used: count(row.used),
    };
    for (const field of Object.values(LAST_FIELD)) {
      const time = row[field];
      if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) usage[field] = time;
    }
    rows.set(id, usage);
  }
  return rows;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}
