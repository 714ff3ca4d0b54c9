import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeysFile } from './load-keys-file';

describe('loadKeysFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'autoskill-keys-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));
  const file = async (content: string) => {
    const path = join(directory, `${Math.random()}.json`);
    await writeFile(path, content);
    return path;
  };

  it('reads key → user pairs', async () => {
    expect(await loadKeysFile(await file('{"sk-alice-0123456789": "alice"}'))).toEqual({
      'sk-alice-0123456789': 'alice',
    });
  });

  it.each([
    ['not json', /not valid JSON/],
    ['["x"]', /must be a JSON object/],
    ['{"short": "alice"}', /at least 16 characters/],
    ['{"sk-alice-0123456789": 5}', /must be a string/],
    ['{"sk-alice-0123456789": "../x"}', /user id/],
  ])('refuses %s', async (content, message) => {
    await expect(loadKeysFile(await file(content))).rejects.toThrow(message);
  });

  it('says which file it cannot read', async () => {
    await expect(loadKeysFile(join(directory, 'missing.json'))).rejects.toThrow(
      /cannot read .*missing\.json.*ENOENT/,
    );
  });
});
