import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFlatVectorIndex } from '../src/index';
import { CRASH_DIMENSIONS, CRASH_INDEX_NAME } from './crash-model';
import { makeTestDirectory, maxDifference, type TestDirectory, vectorFor } from './helpers';

const writer = fileURLToPath(new URL('./concurrent-writer.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const COUNT = 300;

let directory: TestDirectory;
beforeEach(async () => {
  directory = await makeTestDirectory();
});
afterEach(async () => {
  await directory.cleanup();
});

function runWriter(prefix: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, writer, directory.path, prefix, String(COUNT)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`writer ${prefix} failed: ${stderr}`)),
    ),
  );
}

it('keeps every write of two processes writing the same index at once', {
  tags: ['slow'],
}, async () => {
  const logs = await Promise.all([runWriter('left'), runWriter('right')]);
  expect(logs.join('')).toBe('');
  const index = await createFlatVectorIndex({
    directory: directory.path,
    name: CRASH_INDEX_NAME,
    dimensions: CRASH_DIMENSIONS,
    logger: { warn: () => {} },
  });
  expect(index.openState).toBe('loaded');
  const expected = new Set<string>();
  for (const prefix of ['left', 'right']) {
    for (let step = 0; step < COUNT; step++) expected.add(`${prefix}-${step}`);
    for (let step = 4; step < COUNT; step += 5) expected.delete(`${prefix}-${step - 2}`);
  }
  expect(new Set(await index.ids())).toEqual(expected);
  for (const id of expected) {
    const step = Number(await index.getHash(id));
    expect(
      maxDifference((await index.get(id))!, vectorFor(id, step, CRASH_DIMENSIONS)),
    ).toBeLessThan(1e-6);
  }
  await index.close();
});
