import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFlatVectorIndex } from '../src/index';
import {
  CRASH_COMPACTION_BYTES,
  CRASH_DIMENSIONS,
  CRASH_INDEX_NAME,
  CRASH_LOCK_STALE_MS,
  modelAfter,
} from './crash-model';
import { makeTestDirectory, maxDifference, type TestDirectory, vectorFor } from './helpers';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ROUNDS = 10;

let directory: TestDirectory;
beforeEach(async () => {
  directory = await makeTestDirectory();
});
afterEach(async () => {
  await directory.cleanup();
});

/** Starts the writer at `first`, waits until it completed at least one operation, kills it. */
async function runAndKill(
  first: number,
  delayMs: number,
): Promise<{ lastDone: number; stderr: string }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', tsxLoader, writer, directory.path, String(first)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let lastDone = first - 1;
  let stderr = '';
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (/^\d+$/.test(line)) lastDone = Math.max(lastDone, Number(line));
      if (lastDone >= first) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  await exited; // Reaped: its pid is gone, so its lock (if any) counts as abandoned.
  return { lastDone, stderr };
}

// Ten child processes. The first kill's lock is left to go stale and be taken over (a ~2 s wait);
// after the others the test clears the dead writer's lock itself, as a supervisor that saw it die
// may, so the run stays short while every kill still checks crash consistency.
it('leaves a consistent prefix with every id on its own vector after repeated kill -9', {
  tags: ['slow'],
}, async () => {
  let applied = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const { lastDone, stderr } = await runAndKill(applied, 5 + Math.floor(Math.random() * 150));
    if (round > 0)
      await rm(join(directory.path, `${CRASH_INDEX_NAME}.lock`), { recursive: true, force: true });
    const warnings: string[] = [];
    const index = await createFlatVectorIndex({
      directory: directory.path,
      name: CRASH_INDEX_NAME,
      dimensions: CRASH_DIMENSIONS,
      syncWrites: false,
      compactionThresholdBytes: CRASH_COMPACTION_BYTES,
      // A writer killed while holding the lock leaves it behind: taken over once stale.
      lockStaleMs: CRASH_LOCK_STALE_MS,
      logger: { warn: (message) => warnings.push(message) },
    });
    expect(index.openState, `${warnings.join('\n')}\n${stderr}`).toBe('loaded');

    const actual = new Map<string, number>();
    for (const id of await index.ids()) {
      const counter = Number(await index.getHash(id));
      actual.set(id, counter);
      // The id must hold exactly the vector written together with its hash.
      expect(
        maxDifference((await index.get(id))!, vectorFor(id, counter, CRASH_DIMENSIONS)),
      ).toBeLessThan(1e-6);
    }
    // Operations up to lastDone completed; the one in flight may or may not have landed.
    const matching = [lastDone + 2, lastDone + 1].filter((count) =>
      sameState(modelAfter(count), actual),
    );
    expect(
      matching,
      `state after round ${round} matches no prefix (last completed ${lastDone})`,
    ).not.toEqual([]);
    applied = matching[0]!;
    await index.close();
  }
  expect(applied).toBeGreaterThan(ROUNDS);
});

function sameState(expected: Map<string, number>, actual: Map<string, number>): boolean {
  if (expected.size !== actual.size) return false;
  for (const [id, counter] of expected) if (actual.get(id) !== counter) return false;
  return true;
}
