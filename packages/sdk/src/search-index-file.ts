import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SkillRetrieverSnapshot } from '@autoskill/core';
import { readTypedBlockFile, writeTypedBlockFile } from './typed-block-file';

/** Bump when what the file holds changes meaning; a file of another format is rebuilt. */
// 3: the keyword snapshot keeps non-zero frequencies only, and no per-document term lists.
// 4: phrases packed in one block (retriever snapshot 2); tags in the order of the snapshot's ids.
const SEARCH_INDEX_FILE_FORMAT = 4;

/**
 * Tokenization and field rules live in core: a file written by another core version is
 * rebuilt rather than trusted.
 */
const CORE_VERSION = (
  createRequire(import.meta.url)('@autoskill/core/package.json') as { version: string }
).version;

/** What the SDK keeps of its search index between processes (vectors are in the vector index). */
export interface SavedSearchIndex {
  retriever: SkillRetrieverSnapshot;
  /**
   * `SkillStore.contentTags` of each indexed skill when it was indexed ('' = unknown: re-index),
   * in the order of `retriever.ids` (no map of every id to build at open).
   */
  tags: string[];
  /** Standing preferences (applied to every answer): their owners and ids. */
  standing: { owner: string; id: string }[];
}

interface SearchIndexFile {
  format: number;
  coreVersion: string;
  /** The vector index the snapshot was kept beside (vectors are checked per skill on load). */
  vectorIndex: string;
  retriever: SkillRetrieverSnapshot;
  tags: string[];
  standing: { owner: string; id: string }[];
}

/** `<store>/.autoskill/search-index.bin`: beside the store's other derived files. */
export function searchIndexPath(storeDirectory: string): string {
  return join(storeDirectory, '.autoskill', 'search-index.bin');
}

/**
 * The saved index, or undefined when there is none or it does not fit (another format, core
 * version or vector index, or unreadable): the caller then builds from the store.
 */
export async function readSearchIndexFile(
  path: string,
  vectorIndex: string,
): Promise<SavedSearchIndex | undefined> {
  return savedSearchIndexOf(await readTypedBlockFile(path), vectorIndex);
}

/** `readSearchIndexFile` of a file already read with `readTypedBlockFile`. */
export function savedSearchIndexOf(
  value: unknown,
  vectorIndex: string,
): SavedSearchIndex | undefined {
  // Typed columns come back as views over the file's bytes (format 2; format 1 was plain v8).
  const file = value as SearchIndexFile | undefined;
  if (
    file?.format !== SEARCH_INDEX_FILE_FORMAT ||
    file.coreVersion !== CORE_VERSION ||
    file.vectorIndex !== vectorIndex ||
    !Array.isArray(file.tags) ||
    !Array.isArray(file.retriever?.ids) ||
    file.retriever.ids.length !== file.tags.length ||
    !Array.isArray(file.standing)
  ) {
    return undefined;
  }
  return { retriever: file.retriever, tags: file.tags, standing: file.standing };
}

/**
 * Replaces the file (write to a temp name, then rename): readers never see half a file, and
 * when processes race the last complete file wins — each one is consistent on its own. The
 * folder is not created: the store made it, and a store deleted meanwhile needs no index.
 */
export async function writeSearchIndexFile(
  path: string,
  vectorIndex: string,
  saved: SavedSearchIndex,
): Promise<void> {
  const file: SearchIndexFile = {
    format: SEARCH_INDEX_FILE_FORMAT,
    coreVersion: CORE_VERSION,
    vectorIndex,
    retriever: saved.retriever,
    tags: saved.tags,
    standing: saved.standing,
  };
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeTypedBlockFile(temporary, file);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
