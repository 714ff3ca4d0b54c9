import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/** A directory under `os.tmpdir()` that tests create and remove. */
export interface TempDirectory {
  /** Absolute path of the directory. */
  path: string;
  /** Removes the directory and everything in it. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh directory in `os.tmpdir()` and writes `files` into it (keys are relative POSIX
 * paths such as `Users/alice/demo/SKILL.md`; parent folders are created). Paths that would leave
 * the directory are rejected.
 */
export async function createTempDirectory(
  files: Record<string, string | Uint8Array> = {},
): Promise<TempDirectory> {
  if (typeof files !== 'object' || files === null) {
    throw new TypeError('createTempDirectory(files): files must be an object of path → content');
  }
  const path = await mkdtemp(join(tmpdir(), 'autoskill-test-'));
  try {
    for (const [relativePath, content] of Object.entries(files)) {
      const target = resolve(path, relativePath);
      if (relativePath.startsWith('/') || !target.startsWith(path + sep)) {
        throw new TypeError(
          `createTempDirectory(files): ${JSON.stringify(relativePath)} leaves the directory`,
        );
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    throw error;
  }
  return {
    path,
    cleanup: () => rm(path, { recursive: true, force: true, maxRetries: 3 }),
  };
}
