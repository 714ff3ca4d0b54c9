import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** One file of the built studio, read once and kept in memory (the build is small and immutable). */
export interface StudioFile {
  body: Buffer;
  path: string;
}

/**
 * Reads files of the built studio folder, confined to it: a request path is decoded, must be
 * relative and free of `..`, NUL and backslashes, and must resolve inside the folder.
 */
export class StudioFiles {
  private readonly root: string;
  private readonly cache = new Map<string, Promise<StudioFile | undefined>>();

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  /** True when the folder holds a built studio (`index.html`). */
  async built(): Promise<boolean> {
    return (await this.read('index.html')) !== undefined;
  }

  /** The file at a URL path (`/assets/x.js` → `assets/x.js`), or undefined. */
  read(urlPath: string): Promise<StudioFile | undefined> {
    let relative: string;
    try {
      relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
    } catch {
      return Promise.resolve(undefined);
    }
    if (
      relative === '' ||
      relative.includes('\0') ||
      relative.includes('\\') ||
      relative.split('/').some((part) => part === '..' || part === '.' || part.startsWith('.'))
    )
      return Promise.resolve(undefined);
    const absolute = resolve(join(this.root, relative));
    if (!absolute.startsWith(this.root + sep)) return Promise.resolve(undefined);
    let pending = this.cache.get(absolute);
    if (!pending) {
      pending = load(absolute);
      this.cache.set(absolute, pending);
      // A missing index.html may be built later (`autoskill web` builds on demand): do not cache misses.
      void pending.then((file) => {
        if (!file) this.cache.delete(absolute);
      });
    }
    return pending;
  }
}

async function load(path: string): Promise<StudioFile | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return { body: await readFile(path), path };
  } catch {
    return undefined;
  }
}
