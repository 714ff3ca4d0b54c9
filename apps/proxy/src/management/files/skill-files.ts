import { zipSync } from 'fflate';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { UPLOAD_LIMITS } from './upload-limits';
import {
  assertDistinctPaths,
  placeUploadPath,
  type SkippedUploadEntry,
  shorten,
} from './upload-paths';

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

/**
 * Decodes the JSON `files` form (text or `{content, encoding: 'base64'}`) under the same rules as
 * a zip: every path through `placeUploadPath` (unsafe → 400, hidden → skipped), each file once and
 * none both a file and a folder, at most `maxFiles` files of `maxFileBytes` each (413 otherwise).
 */
export function decodeJsonFiles(
  files: Record<string, string | { content: string; encoding: 'utf8' | 'base64' }>,
): { files: Record<string, Uint8Array>; skipped: SkippedUploadEntry[] } {
  const encoder = new TextEncoder();
  const out: Record<string, Uint8Array> = {};
  const skipped: SkippedUploadEntry[] = [];
  const paths: string[] = [];
  for (const name of Object.keys(files)) {
    const placed = placeUploadPath(name);
    if ('skip' in placed) skipped.push({ path: name, reason: placed.skip });
    else paths.push(placed.path);
  }
  if (paths.length > UPLOAD_LIMITS.maxFiles)
    throw new ProxyHttpError(
      413,
      `The upload holds more than ${UPLOAD_LIMITS.maxFiles} files.`,
      'request_too_large',
    );
  assertDistinctPaths(paths);
  for (const [name, value] of Object.entries(files)) {
    const placed = placeUploadPath(name);
    if ('skip' in placed) continue;
    const bytes =
      typeof value === 'string'
        ? encoder.encode(value)
        : value.encoding === 'base64'
          ? new Uint8Array(Buffer.from(value.content, 'base64'))
          : encoder.encode(value.content);
    if (bytes.byteLength > UPLOAD_LIMITS.maxFileBytes)
      throw new ProxyHttpError(
        413,
        `The file ${JSON.stringify(shorten(name))} is larger than ${UPLOAD_LIMITS.maxFileBytes} bytes.`,
        'request_too_large',
        'invalid_request_error',
        'files',
      );
    out[placed.path] = bytes;
  }
  return { files: out, skipped };
}
