import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTypedBlockFile, writeTypedBlockFile } from './typed-block-file';

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});
async function tempFile(): Promise<string> {
  directory = await mkdtemp(join(tmpdir(), 'typed-block-file-'));
  return join(directory, 'index.bin');
}

describe('typed block file', () => {
  it('round-trips nested values with typed arrays as aligned views over one buffer', async () => {
    const path = await tempFile();
    const value = {
      format: 2,
      names: ['a', 'b'],
      nested: { odd: new Uint8Array([1, 2, 3]), wide: new Uint32Array([7, 2 ** 32 - 1]) },
      list: [{ floats: new Float32Array([0.5, -1]) }],
      empty: new Uint16Array(0),
    };
    await writeTypedBlockFile(path, value);
    const read = (await readTypedBlockFile(path)) as typeof value;
    expect(read).toEqual(value);
    expect(read.nested.wide).toBeInstanceOf(Uint32Array);
    expect(read.nested.wide.buffer).toBe(read.list[0]!.floats.buffer);
    expect(read.nested.wide.byteOffset % 8).toBe(0);
    expect(read.list[0]!.floats.byteOffset % 8).toBe(0);
  });

  it('reads a missing, truncated or foreign file as undefined', async () => {
    const path = await tempFile();
    expect(await readTypedBlockFile(path)).toBeUndefined();
    await writeTypedBlockFile(path, { column: new Uint32Array(1000).fill(3) });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    expect(await readTypedBlockFile(path)).toBeUndefined();
    await writeFile(path, Buffer.from('not a typed block file at all'));
    expect(await readTypedBlockFile(path)).toBeUndefined();
  });
});
