import { posix } from 'node:path';
import type { Skill } from '@autoskill/core';
import type { CatalogLines } from './catalog-lines';
import { entryFromCatalog } from './catalog-trust';
import type { CatalogLineToWrite, RecordedHead } from './catalog-types';
import type { SkillEntry } from './skill-entry-table';
import type { RevisionRecord } from './skill-history';

/**
 * A trusted open's entry: id, folder and content tag come from the catalog's columns, the rest
 * of its line is decoded the first time any other field is read (a search reads a handful of
 * skills; the background check reads them all, a few hundred per turn, after the first answer).
 */
export class CatalogBackedEntry implements SkillEntry {
  readonly id: string;
  readonly folder: string;
  contentTag: string;
  records?: RevisionRecord[];
  #lines: CatalogLines | undefined;
  readonly #row: number;
  #entry: SkillEntry | undefined;

  constructor(lines: CatalogLines, row: number) {
    this.#lines = lines;
    this.#row = row;
    this.id = lines.id(row);
    this.folder = lines.folder(row);
    this.contentTag = lines.tag(row) as string;
  }

  /** True until a field beyond id, folder and tag was read: the catalog line can be kept as is. */
  get undecoded(): boolean {
    return this.#entry === undefined;
  }

  /** The catalog line as read, while nothing decoded it: the next catalog keeps it as is. */
  lineAsRead(): CatalogLineToWrite | undefined {
    const lines = this.#lines;
    const raw = this.#entry === undefined ? lines?.raw?.(this.#row) : undefined;
    if (!lines || !raw) return undefined;
    const { id, folder, contentTag: tag } = this;
    const [scope, owner] = [lines.scope(this.#row), lines.owner(this.#row)];
    // Only listed lines are catalog-backed: the line keeps its resource list.
    return { raw, id, folder, scope, owner, tag, listed: true };
  }

  get skill(): Skill {
    return this.#decoded().skill;
  }
  get markdownHash(): string {
    return this.#decoded().markdownHash;
  }
  get head(): RecordedHead | undefined {
    return this.#decoded().head;
  }
  get pending(): boolean {
    return this.#decoded().pending;
  }
  get file(): SkillEntry['file'] {
    return this.#decoded().file;
  }
  set file(file: SkillEntry['file']) {
    this.#decoded().file = file;
  }
  get directories(): SkillEntry['directories'] {
    return this.#decoded().directories;
  }
  get bodyOnDisk(): boolean | undefined {
    return this.#decoded().bodyOnDisk;
  }

  #decoded(): SkillEntry {
    if (this.#entry) return this.#entry;
    const lines = this.#lines as CatalogLines;
    const line = lines.entry(this.#row);
    this.#entry = (line && entryFromCatalog(line)) ?? this.#unreadable(lines);
    // The whole catalog is freed once every entry of it has been decoded.
    this.#lines = undefined;
    return this.#entry;
  }

  /**
   * A line that cannot be decoded: a stand-in whose file identity matches no file, so the
   * background check (and `get`, while it runs) reads the folder again.
   */
  #unreadable(lines: CatalogLines): SkillEntry {
    const name = posix.basename(this.folder);
    return {
      skill: {
        id: this.id,
        name,
        title: name,
        description: '',
        instructions: '',
        version: '0.0.0',
        tags: [],
        triggers: [],
        examples: [],
        metadata: {},
        extra: {},
        scope: lines.scope(this.#row),
        owner: lines.owner(this.#row),
        files: [],
        revision: 0,
      },
      folder: this.folder,
      markdownHash: '',
      head: undefined,
      pending: true,
      file: { size: -1, mtimeMs: -1, inode: -1 },
      directories: {},
      contentTag: this.contentTag,
    };
  }
}
