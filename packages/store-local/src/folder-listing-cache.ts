import { readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { errorCode } from './atomic-file';
import { insideRoot } from './store-paths';

/**
 * Answers "is this name taken on disk?" for a batch of puts with one directory listing per
 * parent folder instead of one stat per probe. A stat of a folder that other writes are
 * creating entries in waits on that folder's lock, so per-probe stats serialise a bulk import.
 * Valid only while the store lock is held (nobody else creates folders meanwhile); names the
 * batch itself creates are tracked by the store's reservations. Compared case-insensitively so
 * that a case-insensitive file system can never hide a clash.
 */
export class FolderListingCache {
  readonly #root: string;
  readonly #listings = new Map<string, Promise<Set<string>>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** True when `path` (relative to the store root, POSIX) names an existing entry. */
  async has(path: string): Promise<boolean> {
    const parent = posix.dirname(path);
    let listing = this.#listings.get(parent);
    if (!listing) {
      listing = readdir(insideRoot(this.#root, parent)).then(
        (names) => new Set(names.map((name) => name.toLowerCase())),
        (error: unknown) => {
          if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return new Set();
          throw error;
        },
      );
      this.#listings.set(parent, listing);
    }
    return (await listing).has(posix.basename(path).toLowerCase());
  }
}
