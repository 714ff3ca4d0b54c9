import { crc32 } from 'node:zlib';
import { bytesOf, floatsAt } from './binary';

/**
 * Log file `<name>.log`: writes since the snapshot of the same generation.
 *
 *   header (32 bytes): "ASKVLOG1", u32 format version, u32 dimensions, u32 generation,
 *                      8 reserved bytes, u32 CRC32 of bytes 0..27
 *   records: u32 payload bytes, u32 CRC32 of payload, payload
 *   payload: u8 type (1 upsert, 2 delete), 3 reserved bytes, u32 entries, then entries
 *     upsert entry: u16 id bytes, id, u16 hash bytes or 0xffff, hash, dimensions × float32 LE
 *     delete entry: u16 id bytes, id
 *
 * One record per upsert/delete call, so a batch is applied entirely or not at all. Replay stops
 * at the first record that is short or fails its CRC: that is a write torn by a crash.
 */
export const LOG_HEADER_BYTES = 32;
export const LOG_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('ASKVLOG1', 'latin1');
const NO_HASH = 0xffff;
const UPSERT = 1;
const DELETE = 2;
/** A sanity bound: a length prefix above this is garbage, not a record. */
const MAX_RECORD_BYTES = 2 ** 31;

export type LogOperation =
  | { type: 'upsert'; records: { id: string; vector: Float32Array; hash: string | undefined }[] }
  | { type: 'delete'; ids: string[] };

export interface LogHeader {
  dimensions: number;
  generation: number;
}

export function encodeLogHeader(header: LogHeader): Buffer {
  const buffer = Buffer.alloc(LOG_HEADER_BYTES);
  MAGIC.copy(buffer, 0);
  buffer.writeUInt32LE(LOG_FORMAT_VERSION, 8);
  buffer.writeUInt32LE(header.dimensions, 12);
  buffer.writeUInt32LE(header.generation >>> 0, 16);
  buffer.writeUInt32LE(crc32(buffer.subarray(0, 28)), 28);
  return buffer;
}

/** The header, or undefined when the bytes are not a valid log header. */
export function decodeLogHeader(buffer: Uint8Array): LogHeader | undefined {
  if (buffer.length < LOG_HEADER_BYTES) return undefined;
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, LOG_HEADER_BYTES);
  if (!view.subarray(0, 8).equals(MAGIC)) return undefined;
  if (crc32(view.subarray(0, 28)) !== view.readUInt32LE(28)) return undefined;
  if (view.readUInt32LE(8) !== LOG_FORMAT_VERSION) return undefined;
  return { dimensions: view.readUInt32LE(12), generation: view.readUInt32LE(16) };
}

export function encodeLogRecord(operation: LogOperation, dimensions: number): Buffer {
  const entries = operation.type === 'upsert' ? operation.records.length : operation.ids.length;
  const texts: Buffer[] = [];
  let size = 8 + 8;
  if (operation.type === 'upsert') {
    for (const record of operation.records) {
      const id = Buffer.from(record.id, 'utf8');
      const hash = record.hash === undefined ? undefined : Buffer.from(record.hash, 'utf8');
      texts.push(id);
      if (hash) texts.push(hash);
      size += 4 + id.length + (hash?.length ?? 0) + dimensions * 4;
    }
  } else {
    for (const id of operation.ids) {
      const bytes = Buffer.from(id, 'utf8');
      texts.push(bytes);
      size += 2 + bytes.length;
    }
  }
  const buffer = Buffer.alloc(size);
  let offset = 8;
  buffer.writeUInt8(operation.type === 'upsert' ? UPSERT : DELETE, offset);
  buffer.writeUInt32LE(entries, offset + 4);
  offset += 8;
  let text = 0;
  if (operation.type === 'upsert') {
    for (const record of operation.records) {
      const id = texts[text++]!;
      offset = buffer.writeUInt16LE(id.length, offset);
      offset += id.copy(buffer, offset);
      if (record.hash === undefined) {
        offset = buffer.writeUInt16LE(NO_HASH, offset);
      } else {
        const hash = texts[text++]!;
        offset = buffer.writeUInt16LE(hash.length, offset);
        offset += hash.copy(buffer, offset);
      }
      buffer.set(bytesOf(record.vector), offset);
      offset += dimensions * 4;
    }
  } else {
    for (const id of texts) {
      offset = buffer.writeUInt16LE(id.length, offset);
      offset += id.copy(buffer, offset);
    }
  }
  buffer.writeUInt32LE(size - 8, 0);
  buffer.writeUInt32LE(crc32(buffer.subarray(8)), 4);
  return buffer;
}

export interface DecodedLogRecord {
  operation: LogOperation;
  /** Offset just past this record. */
  end: number;
}

/**
 * Decodes complete, valid records from `buffer` (which starts at file offset `start`).
 * `end` is the file offset after the last good record; `stoppedEarly` is true when bytes
 * remain after it (a torn or corrupt tail).
 */
export function decodeLogRecords(
  buffer: Buffer,
  start: number,
  dimensions: number,
): { records: DecodedLogRecord[]; end: number; stoppedEarly: boolean } {
  const records: DecodedLogRecord[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 8 > buffer.length) break;
    const length = buffer.readUInt32LE(offset);
    if (length < 8 || length > MAX_RECORD_BYTES || offset + 8 + length > buffer.length) break;
    const payload = buffer.subarray(offset + 8, offset + 8 + length);
    if (crc32(payload) !== buffer.readUInt32LE(offset + 4)) break;
    const operation = decodePayload(payload, dimensions);
    if (!operation) break;
    offset += 8 + length;
    records.push({ operation, end: start + offset });
  }
  return { records, end: start + offset, stoppedEarly: offset < buffer.length };
}

function decodePayload(payload: Buffer, dimensions: number): LogOperation | undefined {
  const type = payload.readUInt8(0);
  const entries = payload.readUInt32LE(4);
  let offset = 8;
  const readText = (): string | undefined => {
    if (offset + 2 > payload.length) return undefined;
    const bytes = payload.readUInt16LE(offset);
    offset += 2;
    if (bytes === NO_HASH) return undefined;
    if (offset + bytes > payload.length) throw new RangeError('text overruns the record');
    const text = payload.toString('utf8', offset, offset + bytes);
    offset += bytes;
    return text;
  };
  try {
    if (type === UPSERT) {
      const records: { id: string; vector: Float32Array; hash: string | undefined }[] = [];
      for (let entry = 0; entry < entries; entry++) {
        const id = readText();
        if (!id) return undefined;
        const hash = readText();
        if (offset + dimensions * 4 > payload.length) return undefined;
        const vector = floatsAt(payload, offset, dimensions).slice();
        offset += dimensions * 4;
        records.push({ id, vector, hash });
      }
      return offset === payload.length ? { type: 'upsert', records } : undefined;
    }
    if (type === DELETE) {
      const ids: string[] = [];
      for (let entry = 0; entry < entries; entry++) {
        const id = readText();
        if (!id) return undefined;
        ids.push(id);
      }
      return offset === payload.length ? { type: 'delete', ids } : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
