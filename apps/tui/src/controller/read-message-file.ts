import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The most of a file `/file` sends (as the original app). */
export const MAX_FILE_BYTES = 2_000_000;

/** A file's text for `/file`: UTF-8 (bad bytes replaced), cut at 2 MB with a marker that says so. */
export async function readMessageFile(
  path: string,
  cwd: string,
): Promise<{ text: string; bytes: number; truncated: boolean }> {
  const handle = await open(resolve(cwd, path), 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_FILE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, bytesRead));
    const truncated = size > MAX_FILE_BYTES;
    return {
      text: truncated
        ? `${text}\n\n[… truncated: the file has ${size} bytes, sent the first ${MAX_FILE_BYTES}]`
        : text,
      bytes: size,
      truncated,
    };
  } finally {
    await handle.close();
  }
}
