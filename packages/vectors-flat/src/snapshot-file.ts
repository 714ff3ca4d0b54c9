import { isAscii } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { bytesOf, padTo4 } from './binary';
import { VectorMatrix } from './vector-matrix';

/**
 * Snapshot file `<name>.vectors`: the whole index at one generation.
 *
 *   0  "ASKVFLAT"  8  format version  12 dimensions  16 count  20 generation
 *   24 signature bytes  28 records bytes  32 body CRC32  36..43 reserved  44 header CRC32
 *   48 signature (UTF-8, padded to 4 bytes)
 *      vectors, dimension-major: dimensions × count float32 LE
 *      records: count × (u16 id bytes, id, u16 hash bytes or 0xffff for none, hash)
 *
 * Written to a temp file, fsynced, then renamed over the old one: readers see old or new.
 */
export const SNAPSHOT_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('ASKVFLAT', 'latin1');
const HEADER_BYTES = 48;
const NO_HASH = 0xffff;

export interface SnapshotContent {
  generation: number;
  signature: string;
  matrix: VectorMatrix;
}

export type SnapshotReadResult =
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string }
  | ({ kind: 'ok'; fileBytes: number } & SnapshotContent);

export async function writeSnapshot(path: string, content: SnapshotContent): Promise<number> {
  const { matrix, generation } = content;
  const signature = Buffer.from(content.signature, 'utf8');
  const signatureBlock = Buffer.alloc(padTo4(signature.length));
  signature.copy(signatureBlock);
  const records = encodeRecords(matrix);
  const columns: Uint8Array[] = [];
  for (let dimension = 0; dimension < matrix.dimensions; dimension++) {
    columns.push(bytesOf(matrix.columns, dimension * matrix.capacity, matrix.count));
  }
  let bodyCrc = crc32(signatureBlock);
  for (const column of columns) bodyCrc = crc32(column, bodyCrc);
  bodyCrc = crc32(records, bodyCrc);

  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(SNAPSHOT_FORMAT_VERSION, 8);
  header.writeUInt32LE(matrix.dimensions, 12);
  header.writeUInt32LE(matrix.count, 16);
  header.writeUInt32LE(generation >>> 0, 20);
  header.writeUInt32LE(signature.length, 24);
  header.writeUInt32LE(records.length, 28);
  header.writeUInt32LE(bodyCrc, 32);
  header.writeUInt32LE(crc32(header.subarray(0, 44)), 44);

  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temporary, 'w');
  let total = 0;
  try {
    for (const chunk of [header, signatureBlock, ...columns, records]) {
      await handle.write(chunk, 0, chunk.byteLength);
      total += chunk.byteLength;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  return total;
}

/**
 * Reads a snapshot with positioned reads: the header and records first, then each vector column
 * straight into the matrix's memory (no whole-file buffer: at 100k skills that was a 100 MB
 * transient copy), checksummed as it arrives.
 */
export async function readSnapshot(path: string): Promise<SnapshotReadResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    return await readOpenSnapshot(handle);
  } catch (error) {
    return { kind: 'corrupt', reason: `cannot read ${path}: ${(error as Error).message}` };
  } finally {
    await handle.close().catch(() => {});
  }
}

async function readOpenSnapshot(handle: FileHandle): Promise<SnapshotReadResult> {
  const fileBytes = (await handle.stat()).size;
  if (fileBytes < HEADER_BYTES) return corrupt(`snapshot is truncated (${fileBytes} bytes)`);
  const header = await readExactly(handle, HEADER_BYTES, 0);
  if (!header.subarray(0, 8).equals(MAGIC)) return corrupt('snapshot has a bad magic number');
  if (crc32(header.subarray(0, 44)) !== header.readUInt32LE(44)) {
    return corrupt('snapshot header checksum does not match');
  }
  const version = header.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    return corrupt(
      `snapshot format version ${version} is not supported (expected ${SNAPSHOT_FORMAT_VERSION})`,
    );
  }
  const dimensions = header.readUInt32LE(12);
  const count = header.readUInt32LE(16);
  const generation = header.readUInt32LE(20);
  const signatureBytes = header.readUInt32LE(24);
  const recordsBytes = header.readUInt32LE(28);
  const vectorsStart = HEADER_BYTES + padTo4(signatureBytes);
  const recordsStart = vectorsStart + dimensions * count * 4;
  const expected = recordsStart + recordsBytes;
  if (dimensions < 1) return corrupt('snapshot has zero dimensions');
  if (fileBytes !== expected) {
    return corrupt(
      `snapshot is ${fileBytes} bytes, its header says ${expected} (truncated or padded)`,
    );
  }
  const signatureBlock = await readExactly(handle, vectorsStart - HEADER_BYTES, HEADER_BYTES);
  const records = await readExactly(handle, recordsBytes, recordsStart);
  const parsed = decodeRecords(records, count);
  const matrix =
    typeof parsed === 'string'
      ? undefined
      : VectorMatrix.withRows(dimensions, parsed.ids, parsed.hashes);
  if (!matrix) {
    // Bad records may be damage: report a checksum mismatch first when there is one.
    const bodyCrc = await checksumBody(handle, signatureBlock, vectorsStart, recordsStart, records);
    if (bodyCrc !== header.readUInt32LE(32))
      return corrupt('snapshot body checksum does not match');
    return corrupt(typeof parsed === 'string' ? parsed : 'snapshot contains a duplicate id');
  }
  let bodyCrc = crc32(signatureBlock);
  for (let dimension = 0; dimension < dimensions; dimension++) {
    const target = bytesOf(matrix.column(dimension));
    await readInto(handle, target, vectorsStart + dimension * count * 4);
    bodyCrc = crc32(target, bodyCrc);
  }
  bodyCrc = crc32(records, bodyCrc);
  if (bodyCrc !== header.readUInt32LE(32)) return corrupt('snapshot body checksum does not match');
  const signature = signatureBlock.toString('utf8', 0, signatureBytes);
  return { kind: 'ok', fileBytes, generation, signature, matrix };
}

function decodeRecords(
  records: Buffer,
  count: number,
): { ids: string[]; hashes: (string | undefined)[] } | string {
  const ids: string[] = [];
  const hashes: (string | undefined)[] = [];
  const end = records.length;
  // Ids and hashes are ASCII in practice: one decode of the block and a slice per field cost far
  // less than a UTF-8 decode per field (200k at 100k vectors). Byte offsets equal string offsets.
  const text = isAscii(records) ? records.toString('latin1') : undefined;
  const field = (from: number, to: number) =>
    text !== undefined ? text.slice(from, to) : records.toString('utf8', from, to);
  let offset = 0;
  for (let row = 0; row < count; row++) {
    if (offset + 2 > end) return 'snapshot records are truncated';
    const idBytes = records.readUInt16LE(offset);
    offset += 2;
    if (idBytes === 0 || offset + idBytes + 2 > end) return 'snapshot record has a bad id';
    ids.push(field(offset, offset + idBytes));
    offset += idBytes;
    const hashBytes = records.readUInt16LE(offset);
    offset += 2;
    if (hashBytes === NO_HASH) {
      hashes.push(undefined);
      continue;
    }
    if (offset + hashBytes > end) return 'snapshot record has a bad hash';
    hashes.push(field(offset, offset + hashBytes));
    offset += hashBytes;
  }
  if (offset !== end) return 'snapshot records do not fill their block';
  return { ids, hashes };
}

async function checksumBody(
  handle: FileHandle,
  signatureBlock: Buffer,
  vectorsStart: number,
  recordsStart: number,
  records: Buffer,
): Promise<number> {
  let crc = crc32(signatureBlock);
  const chunk = Buffer.alloc(1 << 20);
  for (let position = vectorsStart; position < recordsStart; position += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, recordsStart - position));
    await readInto(handle, part, position);
    crc = crc32(part, crc);
  }
  return crc32(records, crc);
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  await readInto(handle, buffer, position);
  return buffer;
}

/** Fills `target` from `position`; a short read means the file shrank under us. */
async function readInto(handle: FileHandle, target: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await handle.read(
      target,
      done,
      target.byteLength - done,
      position + done,
    );
    if (bytesRead === 0) throw new Error('snapshot ended early (changed while reading)');
    done += bytesRead;
  }
}

function corrupt(reason: string): SnapshotReadResult {
  return { kind: 'corrupt', reason };
}

function encodeRecords(matrix: VectorMatrix): Buffer {
  let size = 0;
  const idBuffers: Buffer[] = [];
  const hashBuffers: (Buffer | undefined)[] = [];
  for (let row = 0; row < matrix.count; row++) {
    const id = Buffer.from(matrix.ids[row]!, 'utf8');
    const hash = matrix.hashes[row];
    const hashBuffer = hash === undefined ? undefined : Buffer.from(hash, 'utf8');
    idBuffers.push(id);
    hashBuffers.push(hashBuffer);
    size += 4 + id.length + (hashBuffer?.length ?? 0);
  }
  const records = Buffer.alloc(size);
  let offset = 0;
  for (let row = 0; row < matrix.count; row++) {
    const id = idBuffers[row]!;
    const hash = hashBuffers[row];
    offset = records.writeUInt16LE(id.length, offset);
    offset += id.copy(records, offset);
    offset = records.writeUInt16LE(hash === undefined ? NO_HASH : hash.length, offset);
    if (hash) offset += hash.copy(records, offset);
  }
  return records;
}
