import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made zip; every field a real zip writer computes can be made to lie. */
export interface CraftedEntry {
  name: string;
  /** The uncompressed bytes (compressed here), unless `raw` gives the stored data as is. */
  content?: Uint8Array | string;
  /** Bytes stored after the local header as they are (e.g. a deflate bomb). */
  raw?: Uint8Array;
  /** 0 = stored, 8 = deflate (default 8). */
  method?: number;
  /** The uncompressed size the headers declare (default: the real one, or 100 for `raw`). */
  declaredSize?: number;
  /** The CRC the headers declare (default: the real one, or 0 for `raw`). */
  crc?: number;
  flags?: number;
  /** The name in the local header (default: `name`). */
  localName?: string;
}

/** Options that make the central directory lie. */
export interface CraftOptions {
  /** Entry count written in the end record (default: the real one). */
  declaredCount?: number;
  /** Added to every local-header offset in the central directory. */
  offsetShift?: number;
  /** Central directory records point at this entry's local header instead of their own. */
  allPointAt?: number;
}

const encoder = new TextEncoder();

/**
 * A zip built byte by byte, so tests can make the archive lie in ways no real zip writer would
 * (declared sizes, CRCs, counts, offsets, names).
 */
export function craftZip(entries: CraftedEntry[], options: CraftOptions = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const content =
      entry.content === undefined
        ? undefined
        : typeof entry.content === 'string'
          ? encoder.encode(entry.content)
          : entry.content;
    const data =
      entry.raw ??
      (method === 8 ? deflateRawSync(content ?? new Uint8Array()) : (content ?? new Uint8Array()));
    const size = entry.declaredSize ?? (content ? content.length : 100);
    const crc = entry.crc ?? (content ? crc32(content) : 0);
    const name = Buffer.from(encoder.encode(entry.name));
    const localName = Buffer.from(encoder.encode(entry.localName ?? entry.name));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    offsets.push(offset);
    locals.push(local, localName, Buffer.from(data));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    centrals.push(central, name);
    offset += 30 + localName.length + data.length;
  }
  // Local header offsets, once all are known.
  for (let index = 0; index < entries.length; index++) {
    const target = options.allPointAt === undefined ? index : options.allPointAt;
    (centrals[index * 2] as Buffer).writeUInt32LE(
      (offsets[target] as number) + (options.offsetShift ?? 0),
      42,
    );
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = options.declaredCount ?? entries.length;
  end.writeUInt16LE(count & 0xffff, 8);
  end.writeUInt16LE(count & 0xffff, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * A raw deflate stream that inflates to about `bytes` zero bytes at deflate's best ratio
 * (≈ 1,032:1): one dynamic-Huffman block whose length-258/distance-1 pair costs 2 bits, so the
 * body is all zero bits. One block, no stored blocks: inflaters run through it to the end.
 */
export function deflateBomb(bytes: number): Uint8Array {
  const bits = new BitWriter();
  bits.write(1, 1); // BFINAL
  bits.write(2, 2); // BTYPE = dynamic
  bits.write(29, 5); // HLIT: 286 literal/length codes
  bits.write(0, 5); // HDIST: 1 distance code
  bits.write(14, 4); // HCLEN: 18 code-length codes
  // Code-length code lengths in the format's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1.
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2])
    bits.write(length, 3);
  // Canonical code-length codes: 18 → "0", 1 → "10", 2 → "11".
  const one = () => bits.code(0b10, 2);
  const two = () => bits.code(0b11, 2);
  const zeros = (count: number) => {
    bits.code(0, 1);
    bits.write(count - 11, 7);
  };
  two(); // literal 0: 2 bits
  zeros(138);
  zeros(117); // literals 1–255 unused
  two(); // 256 (end of block): 2 bits
  zeros(28); // 257–284 unused
  one(); // 285 (length 258): 1 bit
  one(); // distance code 0 (distance 1): 1 bit
  bits.code(0b10, 2); // literal 0
  // Then `pairs` × (length 258, distance 1): "0" + "0", all zero bits; then end of block "11".
  const pairs = Math.max(1, Math.ceil((bytes - 1) / 258));
  const { written, open, used } = bits.state();
  const endOfBlock = written.length * 8 + used + pairs * 2;
  const stream = Buffer.alloc(Math.ceil((endOfBlock + 2) / 8));
  written.copy(stream);
  stream[written.length] = open;
  for (const bit of [endOfBlock, endOfBlock + 1])
    stream[bit >> 3] = (stream[bit >> 3] as number) | (1 << (bit & 7));
  return new Uint8Array(stream);
}

/** Writes bits least-significant first, as deflate does; Huffman codes go most-significant first. */
class BitWriter {
  readonly #bytes: number[] = [];
  #current = 0;
  #used = 0;

  write(value: number, count: number): void {
    for (let index = 0; index < count; index++) this.#bit((value >> index) & 1);
  }

  code(value: number, count: number): void {
    for (let index = count - 1; index >= 0; index--) this.#bit((value >> index) & 1);
  }

  /** Whole bytes written, the open byte and how many of its bits are used. */
  state(): { written: Buffer; open: number; used: number } {
    return { written: Buffer.from(this.#bytes), open: this.#current, used: this.#used };
  }

  #bit(bit: number): void {
    this.#current |= bit << this.#used;
    this.#used++;
    if (this.#used === 8) {
      this.#bytes.push(this.#current);
      this.#current = 0;
      this.#used = 0;
    }
  }
}

/** A minimal valid SKILL.md. */
export function skillMd(name: string, body = 'Do the thing.'): string {
  return `---\nname: ${name}\ndescription: "How to ${name.replace(/-/g, ' ')}."\n---\n\n${body}\n`;
}
