import { ProxyHttpError } from '../../edge/proxy-http-error';
import { shorten } from './upload-paths';

/** One record of a zip's central directory, checked against the archive around it. */
export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  /** 0 = stored, 8 = deflate; anything else is refused when the entry is read. */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** Where the entry's (compressed) data starts. */
  dataStart: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const DIRECTORY_RECORD = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** A 400 for an archive that is not a readable zip (never echoing server details). */
export function unreadableZip(reason: string): ProxyHttpError {
  return new ProxyHttpError(
    400,
    `The upload is not a readable zip file: ${reason}.`,
    'invalid_zip',
    'invalid_request_error',
    'file',
  );
}

/**
 * Reads and checks a zip's central directory without inflating anything: the end record (zip64
 * too), every directory record and the local header it points at. Refuses (413) more than
 * `maxEntries` records before reading them, and (400) an archive whose structure lies: records
 * outside the file or past the directory, a count that differs from the records, local names that
 * differ from the central ones, entries whose data overlap (one kernel counted many times — the
 * classic zip bomb). Sizes the archive declares for the unpacked data are never trusted.
 */
export function readZipDirectory(bytes: Uint8Array, limits: { maxEntries: number }): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0)
    throw unsupportedZip('split (multi-disk) archives are not supported');
  let count = view.getUint16(end + 10, true);
  let directorySize = view.getUint32(end + 12, true);
  let directoryStart = view.getUint32(end + 16, true);
  let directoryLimit = end;
  if (view.getUint16(end + 8, true) !== count)
    throw unreadableZip('the end record disagrees with itself about the number of entries');
  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
    const record = safeNumber(view.getBigUint64(locator + 8, true));
    if (record + 56 > locator || view.getUint32(record, true) !== ZIP64_END)
      throw unreadableZip('the zip64 end record is missing or out of place');
    count = safeNumber(view.getBigUint64(record + 32, true));
    directorySize = safeNumber(view.getBigUint64(record + 40, true));
    directoryStart = safeNumber(view.getBigUint64(record + 48, true));
    directoryLimit = record;
  }
  if (count > limits.maxEntries)
    throw new ProxyHttpError(
      413,
      `The zip has more than ${limits.maxEntries} entries (it says ${count}).`,
      'request_too_large',
    );
  const directoryEnd = directoryStart + directorySize;
  if (directoryEnd > directoryLimit)
    throw unreadableZip('its central directory lies outside the file');

  const entries: ZipEntry[] = [];
  const spans: Array<{ start: number; end: number; name: string }> = [];
  let position = directoryStart;
  while (position < directoryEnd) {
    if (entries.length >= count)
      throw unreadableZip(`its central directory holds more entries than the ${count} it declares`);
    if (position + 46 > directoryEnd || view.getUint32(position, true) !== DIRECTORY_RECORD)
      throw unreadableZip('its central directory is damaged');
    const flags = view.getUint16(position + 8, true);
    const method = view.getUint16(position + 10, true);
    const crc = view.getUint32(position + 16, true);
    let compressedSize = view.getUint32(position + 20, true);
    let declaredSize = view.getUint32(position + 24, true);
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    let localOffset = view.getUint32(position + 42, true);
    const nameStart = position + 46;
    const next = nameStart + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw unreadableZip('its central directory is damaged');
    const nameBytes = bytes.subarray(nameStart, nameStart + nameLength);
    const name = decodeName(nameBytes, (flags & 0x800) !== 0);
    // Zip64: 0xFFFFFFFF fields continue in the extra field, in this order.
    if (
      declaredSize === 0xffffffff ||
      compressedSize === 0xffffffff ||
      localOffset === 0xffffffff
    ) {
      const extra = zip64Extra(view, nameStart + nameLength, extraLength, name);
      let at = extra;
      const take = () => {
        if (at + 8 > nameStart + nameLength + extraLength)
          throw unreadableZip(`the zip64 sizes of ${JSON.stringify(shorten(name))} are missing`);
        const value = safeNumber(view.getBigUint64(at, true));
        at += 8;
        return value;
      };
      if (declaredSize === 0xffffffff) declaredSize = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    const label = JSON.stringify(shorten(name));
    if (localOffset + 30 > directoryStart || view.getUint32(localOffset, true) !== LOCAL_HEADER)
      throw unreadableZip(`the entry ${label} points at no local header`);
    const localNameLength = view.getUint16(localOffset + 26, true);
    const localExtraLength = view.getUint16(localOffset + 28, true);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (!sameBytes(localName, nameBytes))
      throw unreadableZip(`the entry ${label} has another name in its local header`);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    if (dataStart + compressedSize > directoryStart)
      throw unreadableZip(`the data of the entry ${label} runs past the end of the entries`);
    spans.push({ start: localOffset, end: dataStart + compressedSize, name });
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method,
      encrypted: (flags & 0x1) !== 0,
      crc,
      compressedSize,
      dataStart,
    });
    position = next;
  }
  if (entries.length !== count)
    throw unreadableZip(
      `its end record says ${count} entries, its central directory holds ${entries.length}`,
    );
  spans.sort((left, right) => left.start - right.start);
  for (let index = 1; index < spans.length; index++) {
    const previous = spans[index - 1] as (typeof spans)[number];
    const current = spans[index] as (typeof spans)[number];
    if (current.start < previous.end)
      throw unreadableZip(
        `the entries ${JSON.stringify(shorten(previous.name))} and ${JSON.stringify(shorten(current.name))} overlap (the same data counted twice)`,
      );
  }
  return entries;
}

/** A 415 for a zip feature this importer does not read. */
export function unsupportedZip(reason: string): ProxyHttpError {
  return new ProxyHttpError(415, `Unsupported zip file: ${reason}.`, 'unsupported_zip');
}

/** The end-of-central-directory record: searched backwards over at most a 64 KiB comment. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - 22;
  for (let position = last; position >= 0 && position >= last - 0xffff; position--) {
    if (
      view.getUint32(position, true) === END_OF_DIRECTORY &&
      position + 22 + view.getUint16(position + 20, true) === view.byteLength
    )
      return position;
  }
  throw unreadableZip('no end-of-central-directory record (not a zip, or cut short)');
}

function zip64Extra(view: DataView, start: number, length: number, name: string): number {
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) return at + 4;
    at += 4 + size;
  }
  throw unreadableZip(`the zip64 sizes of ${JSON.stringify(shorten(name))} are missing`);
}

function decodeName(bytes: Uint8Array, declaredUtf8: boolean): string {
  try {
    return utf8.decode(bytes);
  } catch {
    if (declaredUtf8) throw unreadableZip('an entry name is not valid UTF-8');
    // An old archiver's code page: keep the bytes readable.
    return latin1.decode(bytes);
  }
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.byteLength === right.byteLength && Buffer.from(left).equals(Buffer.from(right));
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadableZip('a zip64 field is out of range');
  return Number(value);
}
