import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { assertSafeRelativePath } from '@autoskill/core';
import { unzipSync, zipSync } from 'fflate';
import { ProxyHttpError } from '../../edge/proxy-http-error';

/** Limits for uploaded skill folders. */
export const UPLOAD_LIMITS = { maxFiles: 2000, maxTotalBytes: 50_000_000 };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One exported file: UTF-8 text as a string, anything else as base64. */
export type ExportedFile = string | { content: string; encoding: 'base64' };

/** Files of a skill folder as JSON-safe values (the same form `skills/import` accepts). */
export function filesToJson(files: Record<string, Uint8Array>): Record<string, ExportedFile> {
  const out: Record<string, ExportedFile> = {};
  for (const [path, bytes] of Object.entries(files)) {
    try {
      out[path] = bytes.includes(0) ? base64(bytes) : utf8.decode(bytes);
    } catch {
      out[path] = base64(bytes);
    }
  }
  return out;
}

function base64(bytes: Uint8Array): ExportedFile {
  return { content: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
}

/** A zip of a skill folder under `<folder>/…`. */
export function zipFolder(folder: string, files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([path, bytes]) => [`${folder}/${path}`, bytes])),
    { level: 6 },
  );
}

/** Files from an uploaded zip: directories and `__MACOSX` skipped, unsafe paths refused, sizes capped. */
export function unzipUpload(bytes: Uint8Array): Record<string, Uint8Array> {
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        // Folders, macOS metadata and hidden files (.git, .DS_Store) are not part of a skill.
        if (
          file.name.endsWith('/') ||
          file.name.startsWith('__MACOSX/') ||
          file.name.split('/').some((segment) => segment.startsWith('.'))
        )
          return false;
        count++;
        total += file.originalSize;
        if (count > UPLOAD_LIMITS.maxFiles)
          throw new ProxyHttpError(
            413,
            `The zip has more than ${UPLOAD_LIMITS.maxFiles} files.`,
            'request_too_large',
          );
        if (total > UPLOAD_LIMITS.maxTotalBytes)
          throw new ProxyHttpError(
            413,
            `The zip unpacks to more than ${UPLOAD_LIMITS.maxTotalBytes} bytes.`,
            'request_too_large',
          );
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ProxyHttpError) throw error;
    throw new ProxyHttpError(
      400,
      `The upload is not a readable zip file: ${(error as Error).message}`,
      'invalid_request',
    );
  }
  return files;
}

/** Decodes the JSON `files` form (text or `{content, encoding: 'base64'}`). */
export function decodeJsonFiles(
  files: Record<string, string | { content: string; encoding: 'utf8' | 'base64' }>,
): Record<string, Uint8Array> {
  const encoder = new TextEncoder();
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  for (const [path, value] of Object.entries(files)) {
    const bytes =
      typeof value === 'string'
        ? encoder.encode(value)
        : value.encoding === 'base64'
          ? new Uint8Array(Buffer.from(value.content, 'base64'))
          : encoder.encode(value.content);
    total += bytes.length;
    if (total > UPLOAD_LIMITS.maxTotalBytes)
      throw new ProxyHttpError(
        413,
        `The files add up to more than ${UPLOAD_LIMITS.maxTotalBytes} bytes.`,
        'request_too_large',
      );
    out[path] = bytes;
  }
  if (Object.keys(out).length > UPLOAD_LIMITS.maxFiles)
    throw new ProxyHttpError(
      413,
      `More than ${UPLOAD_LIMITS.maxFiles} files.`,
      'request_too_large',
    );
  return out;
}

/**
 * Writes uploaded files into a fresh temp folder (every path checked to stay inside it), runs
 * `work` on it and removes it. Uploads never name server-side paths.
 */
export async function withUploadedFolder<T>(
  files: Record<string, Uint8Array>,
  work: (directory: string) => Promise<T>,
): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'autoskill-upload-'));
  const base = join(root, 'upload');
  try {
    for (const [path, bytes] of Object.entries(files)) {
      const clean = path.replace(/^\.\//, '');
      try {
        assertSafeRelativePath(clean);
      } catch (error) {
        throw new ProxyHttpError(
          400,
          `Unsafe file path ${JSON.stringify(path)}: ${(error as Error).message}`,
          'invalid_request',
          'invalid_request_error',
          'files',
        );
      }
      const target = resolve(base, clean);
      if (!target.startsWith(base + sep))
        throw new ProxyHttpError(
          400,
          `Unsafe file path ${JSON.stringify(path)}.`,
          'invalid_request',
          'invalid_request_error',
          'files',
        );
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes, { flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST')
          throw new ProxyHttpError(
            400,
            `Duplicate file path ${JSON.stringify(path)}.`,
            'invalid_request',
          );
        throw error;
      });
    }
    await mkdir(base, { recursive: true });
    return await work(base);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
