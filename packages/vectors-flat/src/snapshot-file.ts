import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { bytesOf, floatsAt, padTo4 } from './binary';
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

export async function readSnapshot(path: string): Promise<SnapshotReadResult> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read ${path}: ${(error as Error).message}` };
  }
  if (buffer.length < HEADER_BYTES)
    return corrupt(`snapshot is truncated (${buffer.length} bytes)`);
  if (!buffer.subarray(0, 8).equals(MAGIC)) return corrupt('snapshot has a bad magic number');
  if (crc32(buffer.subarray(0, 44)) !== buffer.readUInt32LE(44)) {
    return corrupt('snapshot header checksum does not match');
  }
  const version = buffer.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    return corrupt(
      `snapshot format version ${version} is not supported (expected ${SNAPSHOT_FORMAT_VERSION})`,
    );
  }
  const dimensions = buffer.readUInt32LE(12);
  const count = buffer.readUInt32LE(16);
  const generation = buffer.readUInt32LE(20);
  const signatureBytes = buffer.readUInt32LE(24);
  const recordsBytes = buffer.readUInt32LE(28);
  const vectorsStart = HEADER_BYTES + padTo4(signatureBytes);
  const recordsStart = vectorsStart + dimensions * count * 4;
  const expected = recordsStart + recordsBytes;
  if (dimensions < 1) return corrupt('snapshot has zero dimensions');
  if (buffer.length !== expected) {
    return corrupt(
      `snapshot is ${buffer.length} bytes, its header says ${expected} (truncated or padded)`,
    );
  }
  if (crc32(buffer.subarray(HEADER_BYTES)) !== buffer.readUInt32LE(32)) {
    return corrupt('snapshot body checksum does not match');
  }
  const signature = buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + signatureBytes);
  const ids: string[] = [];
  const hashes: (string | undefined)[] = [];
  let offset = recordsStart;
  for (let row = 0; row < count; row++) {
    if (offset + 2 > expected) return corrupt('snapshot records are truncated');
    const idBytes = buffer.readUInt16LE(offset);
    offset += 2;
    if (idBytes === 0 || offset + idBytes + 2 > expected)
      return corrupt('snapshot record has a bad id');
    ids.push(buffer.toString('utf8', offset, offset + idBytes));
    offset += idBytes;
    const hashBytes = buffer.readUInt16LE(offset);
    offset += 2;
    if (hashBytes === NO_HASH) {
      hashes.push(undefined);
      continue;
    }
    if (offset + hashBytes > expected) return corrupt('snapshot record has a bad hash');
    hashes.push(buffer.toString('utf8', offset, offset + hashBytes));
    offset += hashBytes;
  }
  if (offset !== expected) return corrupt('snapshot records do not fill their block');
  const matrix = VectorMatrix.fromColumns(dimensions, ids, hashes, (dimension) =>
    floatsAt(buffer, vectorsStart + dimension * count * 4, count),
  );
  if (!matrix) return corrupt('snapshot contains a duplicate id');
  return { kind: 'ok', fileBytes: buffer.length, generation, signature, matrix };
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
