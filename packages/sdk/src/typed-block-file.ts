import { open } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';

/**
 * A file holding a structured value whose typed arrays are stored as raw, 8-byte aligned blocks
 * after a node:v8 header; they come back as views over one buffer holding all blocks, so a large
 * saved index is read once and not copied again (v8 `deserialize` copied every typed array: at
 * 100k skills 220 MB of postings).
 *
 *   0 "ASKTYPED"  8 u32 format  12 u8 little-endian host  13..15 reserved  16 u32 header bytes
 *   20 u32 reserved  24 header (v8 serialize, typed arrays replaced by {[BLOCK]: n})
 *   then, from the next multiple of 8: the blocks, each starting at a multiple of 8
 *
 * A file from a host of other endianness, damaged or of another format reads as undefined.
 */
const MAGIC = Buffer.from('ASKTYPED', 'latin1');
const FORMAT = 1;
const PREFIX_BYTES = 24;
const BLOCK = '$typedBlock';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

const CONSTRUCTORS = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof CONSTRUCTORS;
type Typed = InstanceType<(typeof CONSTRUCTORS)[TypedName]>;

interface BlockEntry {
  type: TypedName;
  /** Byte offset within the blocks region. */
  offset: number;
  length: number;
}
interface Header {
  value: unknown;
  blocks: BlockEntry[];
}

const align8 = (bytes: number) => (bytes + 7) & ~7;

function typedName(value: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const name = value.constructor.name as TypedName;
  return CONSTRUCTORS[name] === value.constructor ? name : undefined;
}

/** Writes `value` to an open file path (the caller renames a temp file into place). */
export async function writeTypedBlockFile(path: string, value: unknown): Promise<void> {
  const blocks: BlockEntry[] = [];
  const payloads: Typed[] = [];
  let regionBytes = 0;
  const strip = (node: unknown): unknown => {
    const type = typedName(node);
    if (type) {
      const typed = node as Typed;
      blocks.push({ type, offset: regionBytes, length: typed.length });
      payloads.push(typed);
      regionBytes = align8(regionBytes + typed.byteLength);
      return { [BLOCK]: blocks.length - 1 };
    }
    if (Array.isArray(node)) {
      return node.some((item) => typeof item === 'object' && item !== null)
        ? node.map(strip)
        : node;
    }
    if (node && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, strip(item)]));
    }
    return node;
  };
  const header = serialize({ value: strip(value), blocks } satisfies Header);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(FORMAT, 8);
  prefix.writeUInt8(LITTLE_ENDIAN, 12);
  prefix.writeUInt32LE(header.length, 16);
  const padding = Buffer.alloc(8);
  const handle = await open(path, 'w');
  try {
    let position = 0;
    const write = async (bytes: Uint8Array) => {
      await handle.write(bytes, 0, bytes.byteLength, position);
      position += bytes.byteLength;
    };
    await write(prefix);
    await write(header);
    await write(padding.subarray(0, align8(position) - position));
    const regionStart = position;
    for (const [index, typed] of payloads.entries()) {
      await write(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
      const end = regionStart + (blocks[index + 1]?.offset ?? regionBytes);
      await write(padding.subarray(0, end - position));
    }
  } finally {
    await handle.close();
  }
}

/** The value written by writeTypedBlockFile, or undefined when missing, damaged or foreign. */
export async function readTypedBlockFile(path: string): Promise<unknown> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const fileBytes = (await handle.stat()).size;
    if (fileBytes < PREFIX_BYTES) return undefined;
    const prefix = await readAt(handle, Buffer.alloc(PREFIX_BYTES), 0);
    if (
      !prefix.subarray(0, 8).equals(MAGIC) ||
      prefix.readUInt32LE(8) !== FORMAT ||
      prefix.readUInt8(12) !== LITTLE_ENDIAN
    )
      return undefined;
    const headerBytes = prefix.readUInt32LE(16);
    const regionStart = align8(PREFIX_BYTES + headerBytes);
    if (regionStart > fileBytes) return undefined;
    const header = deserialize(
      await readAt(handle, Buffer.alloc(headerBytes), PREFIX_BYTES),
    ) as Header;
    if (!Array.isArray(header?.blocks)) return undefined;
    // allocUnsafeSlow: a buffer of its own (offset 0), so every block start stays 8-aligned.
    const region = await readAt(
      handle,
      Buffer.allocUnsafeSlow(fileBytes - regionStart),
      regionStart,
    );
    const views: Typed[] = [];
    for (const block of header.blocks) {
      const Constructor = CONSTRUCTORS[block?.type];
      if (!Constructor || !Number.isInteger(block.offset) || !Number.isInteger(block.length))
        return undefined;
      const end = block.offset + block.length * Constructor.BYTES_PER_ELEMENT;
      if (block.offset < 0 || block.offset % 8 !== 0 || block.length < 0 || end > region.length)
        return undefined;
      views.push(
        new Constructor(
          region.buffer as ArrayBuffer,
          region.byteOffset + block.offset,
          block.length,
        ),
      );
    }
    const restore = (node: unknown): unknown => {
      if (Array.isArray(node)) {
        for (let index = 0; index < node.length; index++) {
          const item = node[index];
          if (typeof item === 'object' && item !== null) node[index] = restore(item);
        }
        return node;
      }
      if (!node || typeof node !== 'object') return node;
      const record = node as Record<string, unknown>;
      if (BLOCK in record) {
        const view = views[record[BLOCK] as number];
        if (!view) throw new Error('unknown block');
        return view;
      }
      for (const key of Object.keys(record)) record[key] = restore(record[key]);
      return record;
    };
    return restore(header.value);
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => {});
  }
}

async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  target: Buffer,
  position: number,
): Promise<Buffer> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new Error('file ended early');
    done += bytesRead;
  }
  return target;
}
