import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { UPLOAD_LIMITS } from './upload-limits';
import {
  assertDistinctPaths,
  placeUploadPath,
  type SkippedUploadEntry,
  shorten,
} from './upload-paths';
import { readZipDirectory, unreadableZip, unsupportedZip, type ZipEntry } from './zip-directory';

const inflate = promisify(inflateRaw);

/** The files of an uploaded zip, and the entries left out with the reason. */
export interface UnpackedUpload {
  files: Record<string, Uint8Array>;
  skipped: SkippedUploadEntry[];
}

/**
 * Unpacks an uploaded zip without trusting what it says about itself. First, with nothing
 * inflated: the directory is checked (`readZipDirectory`: at most `maxEntries` records, no lying
 * offsets, counts or names, no overlapping data), every path goes through the upload rule
 * (`placeUploadPath`: unsafe → 400, hidden → skipped) and the files are checked together (each
 * once, none both a file and a folder). Then each file is inflated off the main thread (zlib on
 * libuv's thread pool, one entry at a time, so the event loop keeps serving other requests) with
 * its real output capped: a file over `maxFileBytes`, or all of them over `maxTotalBytes`, stops
 * at the cap with a 413 naming the entry. The CRC of every file is checked.
 */
export async function unzipUpload(bytes: Uint8Array): Promise<UnpackedUpload> {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, { maxEntries: UPLOAD_LIMITS.maxEntries });
  } catch (error) {
    if (error instanceof ProxyHttpError) throw error;
    // A field that points past the end of the buffer.
    throw unreadableZip('its structure is damaged');
  }
  const skipped: SkippedUploadEntry[] = [];
  const wanted: Array<{ path: string; entry: ZipEntry }> = [];
  for (const entry of entries) {
    const placed = placeUploadPath(entry.name, { directory: entry.isDirectory });
    if (entry.isDirectory) continue;
    if ('skip' in placed) skipped.push({ path: entry.name, reason: placed.skip });
    else wanted.push({ path: placed.path, entry });
  }
  if (wanted.length > UPLOAD_LIMITS.maxFiles)
    throw new ProxyHttpError(
      413,
      `The zip holds more than ${UPLOAD_LIMITS.maxFiles} files.`,
      'request_too_large',
    );
  assertDistinctPaths(wanted.map((file) => file.path));
  for (const { entry } of wanted) {
    const label = JSON.stringify(shorten(entry.name));
    if (entry.encrypted) throw unsupportedZip(`the entry ${label} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8)
      throw unsupportedZip(
        `the entry ${label} uses compression method ${entry.method} (only stored and deflate are read)`,
      );
  }
  const files: Record<string, Uint8Array> = {};
  let total = 0;
  for (const { path, entry } of wanted) {
    const room = UPLOAD_LIMITS.maxTotalBytes - total;
    const limit = Math.min(UPLOAD_LIMITS.maxFileBytes, room);
    const content = await inflateEntry(bytes, entry, limit, room < UPLOAD_LIMITS.maxFileBytes);
    total += content.byteLength;
    files[path] = content;
  }
  return { files, skipped };
}

/** One entry's bytes, at most `limit` of them (413 beyond), CRC checked. */
async function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  limit: number,
  totalIsTheLimit: boolean,
): Promise<Uint8Array> {
  const label = JSON.stringify(shorten(entry.name));
  const tooLarge = () =>
    new ProxyHttpError(
      413,
      totalIsTheLimit
        ? `The zip unpacks to more than ${UPLOAD_LIMITS.maxTotalBytes} bytes (stopped at the entry ${label}).`
        : `The zip entry ${label} unpacks to more than ${UPLOAD_LIMITS.maxFileBytes} bytes.`,
      'request_too_large',
      'invalid_request_error',
      'file',
    );
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let content: Uint8Array;
  if (entry.method === 0) {
    if (data.byteLength > limit) throw tooLarge();
    content = data;
  } else {
    if (limit < 1) throw tooLarge();
    try {
      content = await inflate(data, { maxOutputLength: limit, chunkSize: 64 * 1024 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw unreadableZip(`the entry ${label} is not valid deflate data (cut short or corrupt)`);
    }
  }
  if (crc32(content) >>> 0 !== entry.crc >>> 0)
    throw unreadableZip(`the entry ${label} is corrupt (its CRC does not match)`);
  return content;
}
