import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirectory } from './temp-directory';

describe('createTempDirectory', () => {
  it('creates a directory in os.tmpdir() with the given files and removes it on cleanup', async () => {
    const directory = await createTempDirectory({
      'Users/alice/demo/SKILL.md': '---\nname: demo\n---\n',
      'assets/data.bin': new Uint8Array([1, 2, 3]),
    });
    expect(directory.path.startsWith(tmpdir())).toBe(true);
    expect(await readFile(join(directory.path, 'Users/alice/demo/SKILL.md'), 'utf8')).toBe(
      '---\nname: demo\n---\n',
    );
    expect([...(await readFile(join(directory.path, 'assets/data.bin')))]).toEqual([1, 2, 3]);
    await directory.cleanup();
    await expect(stat(directory.path)).rejects.toThrow(/ENOENT/);
    await directory.cleanup();
  });

  it('gives every call its own directory', async () => {
    const first = await createTempDirectory();
    const second = await createTempDirectory();
    expect(first.path).not.toBe(second.path);
    await Promise.all([first.cleanup(), second.cleanup()]);
  });

  it('rejects file paths that leave the directory', async () => {
    await expect(createTempDirectory({ '../escape.txt': 'x' })).rejects.toThrow(
      /leaves the directory/,
    );
    await expect(createTempDirectory({ '/etc/escape.txt': 'x' })).rejects.toThrow(
      /leaves the directory/,
    );
  });
});
