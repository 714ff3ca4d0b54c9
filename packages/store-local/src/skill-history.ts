import { createHash, randomUUID } from 'node:crypto';
import { closeSync, statSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import type { SkillRevision, SkillScope } from '@autoskill/core';
import { errorCode, fdatasyncAsync, openAsync, writeFileAtomic } from './atomic-file';
import { insideRoot } from './store-paths';

/** One revision as kept on disk: the public entry plus where the skill was and its content. */
export interface RevisionRecord extends SkillRevision {
  scope: SkillScope;
  owner: string;
  name: string;
  /** SHA-256 of the SKILL.md text. */
  markdown: string;
  /** Resource path → SHA-256 of its bytes (bytes in the skill's blob folder). */
  files: Record<string, string>;
}

/** A history line: the record plus the full SKILL.md text of that revision. */
interface HistoryLine extends RevisionRecord {
  text: string;
}

/** SHA-256 (hex) of bytes or UTF-8 text. */
export function sha256(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Version history outside the skill folders, so exports stay clean:
 * `.autoskill/history/<id>.jsonl` — append-only, one JSON line per revision with the SKILL.md
 * text — and `.autoskill/history/<id>.blobs/<sha256>` for resource files (each content once).
 * Appending (instead of rewriting) keeps a put cheap and a crash can only tear the last line,
 * which readers ignore.
 */
export class SkillHistory {
  readonly #directory: string;
  readonly #trash: string;
  readonly #syncSetting: boolean | (() => boolean);
  #ready = false;

  get #sync(): boolean {
    return typeof this.#syncSetting === 'function' ? this.#syncSetting() : this.#syncSetting;
  }

  constructor(stateDirectory: string, options: { sync: boolean | (() => boolean) }) {
    this.#directory = insideRoot(stateDirectory, 'history');
    this.#trash = insideRoot(stateDirectory, 'trash');
    this.#syncSetting = options.sync;
  }

  /** Recorded revisions, oldest first (without SKILL.md texts); empty when there are none. */
  async read(id: string): Promise<RevisionRecord[]> {
    return (await this.#readLines(id)).map(({ text: _text, ...record }) => record);
  }

  /** The SKILL.md text of a recorded revision. */
  async readText(id: string, revision: number): Promise<string | undefined> {
    return (await this.#readLines(id)).find((line) => line.revision === revision)?.text;
  }

  /** Appends a revision; `fresh` starts a new history (drops what an earlier skill left). */
  async append(
    id: string,
    record: RevisionRecord,
    text: string,
    options: { fresh: boolean },
  ): Promise<void> {
    await this.#ensureDirectory();
    // The leading newline closes a line torn by a crash, so this one always parses.
    const line = `${options.fresh ? '' : '\n'}${JSON.stringify({ ...record, text } satisfies HistoryLine)}\n`;
    // Open (may create the file) off-thread; one small write and the close are synchronous.
    const descriptor = await openAsync(this.#path(id), options.fresh ? 'w' : 'a');
    try {
      writeSync(descriptor, line);
      if (this.#sync) await fdatasyncAsync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  }

  /** Stores a resource blob once; returns its hash. */
  async writeBlob(
    id: string,
    content: Uint8Array | string,
    hash = sha256(content),
  ): Promise<string> {
    const path = insideRoot(this.#directory, `${id}.blobs`, hash);
    if (!statSync(path, { throwIfNoEntry: false }))
      await writeFileAtomic(path, content, { sync: this.#sync });
    return hash;
  }

  async readBlob(id: string, hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Corrupt history of ${id}: bad blob hash`);
    return readFile(insideRoot(this.#directory, `${id}.blobs`, hash));
  }

  /** Removes the whole history of a skill. */
  async remove(id: string): Promise<void> {
    await rm(this.#path(id), { force: true });
    await removeDirectory(insideRoot(this.#directory, `${id}.blobs`), this.#trash);
  }

  #path(id: string): string {
    return insideRoot(this.#directory, `${id}.jsonl`);
  }

  async #ensureDirectory(): Promise<void> {
    if (this.#ready) return;
    await mkdir(this.#directory, { recursive: true });
    this.#ready = true;
  }

  async #readLines(id: string): Promise<HistoryLine[]> {
    let content: string;
    try {
      content = await readFile(this.#path(id), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const lines: HistoryLine[] = [];
    for (const line of content.split('\n')) {
      if (line === '') continue;
      try {
        const parsed = JSON.parse(line) as HistoryLine;
        // Keep the numbering linear even if a torn line was followed by a later append.
        if (typeof parsed.revision === 'number' && parsed.revision === lines.length + 1)
          lines.push(parsed);
      } catch {
        // Torn last line of a crashed write.
      }
    }
    return lines;
  }
}

/** Moves `path` into `trash` (one atomic rename), then deletes it. Missing paths are fine. */
export async function removeDirectory(path: string, trash: string): Promise<boolean> {
  await mkdir(trash, { recursive: true });
  const parked = insideRoot(trash, randomUUID());
  try {
    await rename(path, parked);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  await rm(parked, { recursive: true, force: true, maxRetries: 3 });
  return true;
}
