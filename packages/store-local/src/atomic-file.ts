import { randomBytes } from 'node:crypto';
import { closeSync, fdatasync, mkdirSync, open, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** fdatasync off the main thread (it waits for the disk). */
export const fdatasyncAsync = promisify(fdatasync);
/** open() off the main thread: creating a file can stall on a busy file system. */
export const openAsync = promisify(open);

/**
 * Writes `content` to `path` so that readers see either the old file or the complete new one:
 * write a temp file beside it, fsync, rename over the target. Parent folders are created.
 *
 * Creating the file and the fsync run off the main thread (either can wait on the disk); the
 * write, close and rename of a skill-sized file are synchronous on purpose: each takes
 * microseconds, less than the main-thread cost of a thread-pool round trip.
 */
export async function writeFileAtomic(
  path: string,
  content: Uint8Array | string,
  options: { sync?: boolean; parentExists?: boolean } = {},
): Promise<void> {
  const directory = dirname(path);
  if (!options.parentExists) mkdirSync(directory, { recursive: true });
  // The name is cut so a 255-byte file name still gets a temp name the file system accepts.
  const temporary = join(
    directory,
    `.${basename(path).slice(0, 48)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const descriptor = await openAsync(temporary, 'w');
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    let offset = 0;
    while (offset < bytes.byteLength)
      offset += writeSync(descriptor, bytes, offset, bytes.byteLength - offset);
    if (options.sync !== false) await fdatasyncAsync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Node error code of `error`, if any (`ENOENT`, `EEXIST`…). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}
