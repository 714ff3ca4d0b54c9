import {
  appendFile,
  copyFile,
  mkdir,
  readdir,
  readFile,
  rm,
  rmdir,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AutoSkillError } from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFlatVectorIndex } from '../src/index';
import {
  makeTestDirectory,
  maxDifference,
  openIndex,
  recordingLogger,
  type TestDirectory,
  vectorFor,
} from './helpers';

const NAME = 'hashing-default-d8-test';
let directory: TestDirectory;

beforeEach(async () => {
  directory = await makeTestDirectory();
});
afterEach(async () => {
  await directory.cleanup();
});

function snapshotPath(): string {
  return join(directory.path, `${NAME}.vectors`);
}
function logPath(): string {
  return join(directory.path, `${NAME}.log`);
}

async function seed(count: number, options: Parameters<typeof openIndex>[1] = {}) {
  const index = await openIndex(directory.path, options);
  await index.upsert(
    Array.from({ length: count }, (_, position) => ({
      id: `skill-${position}`,
      vector: vectorFor(`skill-${position}`, 1, 8),
      hash: `h${position}`,
    })),
  );
  return index;
}

describe('createFlatVectorIndex: opening', () => {
  it('creates the directory and its files, and reports "created"', async () => {
    const nested = join(directory.path, 'store', 'vectors');
    const index = await openIndex(nested);
    expect(index.openState).toBe('created');
    expect(index.rebuildReason).toBeUndefined();
    expect(await readdir(nested)).toEqual(
      expect.arrayContaining([`${NAME}.log`, `${NAME}.vectors`]),
    );
    await index.close();
    // The lock (kept a moment after each write) is gone once the index is closed.
    expect((await readdir(nested)).sort()).toEqual([`${NAME}.log`, `${NAME}.vectors`]);
  });

  it('reloads every write after a close, as "loaded"', async () => {
    const index = await seed(50);
    await index.delete(['skill-3', 'skill-7']);
    await index.upsert([{ id: 'skill-9', vector: vectorFor('skill-9', 2, 8), hash: 'changed' }]);
    await index.close();
    const again = await openIndex(directory.path);
    expect(again.openState).toBe('loaded');
    expect(await again.count()).toBe(48);
    expect(await again.get('skill-3')).toBeUndefined();
    expect(await again.getHash('skill-9')).toBe('changed');
    expect(maxDifference((await again.get('skill-9'))!, vectorFor('skill-9', 2, 8))).toBeLessThan(
      1e-6,
    );
    expect(maxDifference((await again.get('skill-49'))!, vectorFor('skill-49', 1, 8))).toBeLessThan(
      1e-6,
    );
    await again.close();
  });

  it('replays the log when the process ended without close()', async () => {
    const index = await seed(10);
    await index.delete(['skill-0']);
    // No close: the next open must read snapshot + log.
    const again = await openIndex(directory.path);
    expect(again.openState).toBe('loaded');
    expect(await again.count()).toBe(9);
    expect(await again.getHash('skill-5')).toBe('h5');
    await again.close();
    await index.close().catch(() => {});
  });

  it('survives many compactions (small threshold) with every id on its own vector', {
    tags: ['slow'],
  }, async () => {
    const index = await openIndex(directory.path, { compactionThresholdBytes: 300 });
    for (let round = 0; round < 40; round++) {
      await index.upsert([
        {
          id: `id-${round % 13}`,
          vector: vectorFor(`id-${round % 13}`, round, 8),
          hash: `${round}`,
        },
      ]);
      if (round % 7 === 6) await index.delete([`id-${(round * 3) % 13}`]);
    }
    const expected = new Map<string, string | undefined>();
    for (const id of await index.ids()) expected.set(id, await index.getHash(id));
    await index.close();
    const again = await openIndex(directory.path);
    expect(new Set(await again.ids())).toEqual(new Set(expected.keys()));
    for (const [id, hash] of expected) {
      expect(await again.getHash(id)).toBe(hash);
      expect(maxDifference((await again.get(id))!, vectorFor(id, Number(hash), 8))).toBeLessThan(
        1e-6,
      );
    }
    await again.close();
  });

  it('keeps ids and hashes byte for byte through a snapshot, ASCII or not', async () => {
    const long = `skill-${'x'.repeat(300)}`;
    const records = [
      { id: 'plain-ascii', hash: 'h1' },
      { id: '转成Word格式', hash: '哈希' },
      { id: long, hash: 'é'.repeat(70) },
      { id: 'no-hash' },
    ];
    for (const ids of [records.slice(0, 1), records]) {
      await directory.cleanup();
      directory = await makeTestDirectory();
      // A tiny threshold: every write is compacted into the snapshot, which the reopen reads.
      const index = await openIndex(directory.path, { compactionThresholdBytes: 1 });
      for (const record of ids)
        await index.upsert([{ ...record, vector: vectorFor(record.id, 1, 8) }]);
      await index.close();
      const again = await openIndex(directory.path);
      expect((await again.ids()).sort()).toEqual(ids.map((record) => record.id).sort());
      for (const record of ids) expect(await again.getHash(record.id)).toBe(record.hash);
      await again.close();
    }
  });

  it('writes with fsync by default and keeps them after flush and reopen', async () => {
    const index = await createFlatVectorIndex({
      directory: directory.path,
      name: NAME,
      dimensions: 8,
    });
    await index.upsert([{ id: 'durable', vector: vectorFor('durable', 1, 8), hash: 'd' }]);
    await index.flush();
    const again = await openIndex(directory.path);
    expect(await again.getHash('durable')).toBe('d');
    await again.close();
    await index.close();
  });

  it('rejects unsafe names and bad dimensions', async () => {
    await expect(openIndex(directory.path, { name: '../escape' })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    await expect(openIndex(directory.path, { name: 'a/b' })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    await expect(openIndex(directory.path, { dimensions: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refuses operations after close, and close twice is fine', async () => {
    const index = await seed(1);
    await index.close();
    await index.close();
    await expect(index.count()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('createFlatVectorIndex: derived data that cannot be trusted', () => {
  it('opens empty, says why, and logs one line when the snapshot is corrupt', async () => {
    const index = await seed(20);
    await index.close();
    const bytes = await readFile(snapshotPath());
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(snapshotPath(), bytes);
    const logger = recordingLogger();
    const again = await openIndex(directory.path, { logger });
    expect(again.openState).toBe('rebuilt-corrupt');
    expect(again.rebuildReason).toMatch(/checksum/);
    expect(await again.count()).toBe(0);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(
      /starts empty because .*checksum.*re-embedding the SKILL\.md files/,
    );
    // The rebuilt index is usable and persists.
    await again.upsert([{ id: 'fresh', vector: vectorFor('fresh', 1, 8) }]);
    await again.close();
    const third = await openIndex(directory.path);
    expect(third.openState).toBe('loaded');
    expect(await third.ids()).toEqual(['fresh']);
    await third.close();
  });

  it('treats a bad magic number and a truncated snapshot as corrupt', async () => {
    const index = await seed(20);
    await index.close();
    const original = await readFile(snapshotPath());
    await writeFile(snapshotPath(), Buffer.concat([Buffer.from('NOTMAGIC'), original.subarray(8)]));
    const first = await openIndex(directory.path);
    expect(first.openState).toBe('rebuilt-corrupt');
    expect(first.rebuildReason).toMatch(/magic/);
    await first.close();

    await writeFile(snapshotPath(), original);
    await truncate(snapshotPath(), original.length - 100);
    const second = await openIndex(directory.path);
    expect(second.openState).toBe('rebuilt-corrupt');
    expect(second.rebuildReason).toMatch(/truncated/);
    await second.close();

    await writeFile(snapshotPath(), original.subarray(0, 20));
    const third = await openIndex(directory.path);
    expect(third.openState).toBe('rebuilt-corrupt');
    await third.close();
  });

  it('treats a missing snapshot next to a log as corrupt', async () => {
    const index = await seed(3);
    await index.close();
    await writeFile(snapshotPath(), '');
    const again = await openIndex(directory.path);
    expect(again.openState).toBe('rebuilt-corrupt');
    await again.close();
  });

  it('opens empty as "rebuilt-mismatch" for another dimension or embedding signature', async () => {
    const index = await seed(5, { signature: 'hashing/default d8' });
    await index.close();
    const logger = recordingLogger();
    const wider = await openIndex(directory.path, { dimensions: 16, logger });
    expect(wider.openState).toBe('rebuilt-mismatch');
    expect(wider.rebuildReason).toMatch(/8-dimension vectors, 16 were requested/);
    expect(logger.lines).toHaveLength(1);
    await wider.close();

    const first = await seed(5, { signature: 'model-a' });
    await first.close();
    const second = await openIndex(directory.path, { signature: 'model-b' });
    expect(second.openState).toBe('rebuilt-mismatch');
    expect(second.rebuildReason).toMatch(/model-a/);
    expect(await second.count()).toBe(0);
    await second.close();
    // Opening without a signature keeps what is there.
    const third = await openIndex(directory.path);
    expect(third.openState).toBe('loaded');
    await third.close();
  });

  it('keeps the last complete state when the log ends with a torn write', async () => {
    const index = await seed(4);
    await index.upsert([{ id: 'last-good', vector: vectorFor('last-good', 1, 8), hash: 'ok' }]);
    const goodSize = (await stat(logPath())).size;
    await index.upsert([{ id: 'torn', vector: vectorFor('torn', 1, 8), hash: 'torn' }]);
    const fullSize = (await stat(logPath())).size;
    // Simulate a crash in the middle of the last write (the index is abandoned, not closed).
    await truncate(logPath(), goodSize + Math.floor((fullSize - goodSize) / 2));
    const logger = recordingLogger();
    const again = await openIndex(directory.path, { logger });
    expect(again.openState).toBe('loaded');
    expect(await again.getHash('last-good')).toBe('ok');
    expect(await again.get('torn')).toBeUndefined();
    expect(await again.count()).toBe(5);
    expect(logger.lines.join('\n')).toMatch(/incomplete write/);
    expect((await stat(logPath())).size).toBe(goodSize);
    // New writes after the repaired tail are kept.
    await again.upsert([{ id: 'after', vector: vectorFor('after', 1, 8) }]);
    const third = await openIndex(directory.path);
    expect(await third.count()).toBe(6);
    await third.close();
    await again.close();
    await index.close().catch(() => {});
  });

  it('stops at a corrupt record in the log and ignores garbage after it', async () => {
    const index = await seed(2);
    await index.upsert([{ id: 'kept', vector: vectorFor('kept', 1, 8) }]);
    await appendFile(logPath(), Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));
    const again = await openIndex(directory.path);
    expect(again.openState).toBe('loaded');
    expect((await again.ids()).sort()).toEqual(['kept', 'skill-0', 'skill-1']);
    await again.close();
    await index.close().catch(() => {});
  });

  it('ignores a stale log left by a crash between snapshot and log replacement', async () => {
    const index = await openIndex(directory.path);
    await index.upsert([{ id: 'a', vector: vectorFor('a', 1, 8), hash: 'v1' }]);
    const staleLog = join(directory.path, 'stale.log');
    await copyFile(logPath(), staleLog);
    await index.compact();
    await index.upsert([{ id: 'a', vector: vectorFor('a', 2, 8), hash: 'v2' }]);
    await index.delete(['a']);
    await index.upsert([{ id: 'b', vector: vectorFor('b', 1, 8), hash: 'v1' }]);
    await index.compact();
    await index.close();
    await copyFile(staleLog, logPath());
    const again = await openIndex(directory.path);
    expect(again.openState).toBe('loaded');
    expect(await again.ids()).toEqual(['b']);
    await again.close();
  });

  it('removes temp files left by a crashed compaction', async () => {
    const index = await seed(2);
    await index.close();
    await writeFile(join(directory.path, `${NAME}.vectors.tmp-99999-abcd`), 'partial');
    await writeFile(join(directory.path, 'unrelated.txt'), 'keep');
    const again = await openIndex(directory.path);
    expect(await again.count()).toBe(2);
    await again.close();
    expect((await readdir(directory.path)).sort()).toEqual([
      `${NAME}.log`,
      `${NAME}.vectors`,
      'unrelated.txt',
    ]);
  });
});

describe('createFlatVectorIndex: sharing and locking', () => {
  it('sees writes and compactions made through another instance', async () => {
    const first = await openIndex(directory.path);
    const second = await openIndex(directory.path);
    await first.upsert([{ id: 'from-first', vector: vectorFor('from-first', 1, 8) }]);
    expect(await second.ids()).toEqual(['from-first']);
    await second.upsert([{ id: 'from-second', vector: vectorFor('from-second', 1, 8) }]);
    await second.compact();
    await second.delete(['from-first']);
    expect(await first.ids()).toEqual(['from-second']);
    await first.clear();
    expect(await second.count()).toBe(0);
    await first.close();
    await second.close();
  });

  it('takes over a lock left by a crashed process once it is stale', async () => {
    // lockLingerMs 0: this index gives its own lock up after each write, so another can appear.
    const index = await seed(1, { lockLingerMs: 0 });
    const lock = join(directory.path, `${NAME}.lock`);
    await mkdir(lock);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    await index.upsert([{ id: 'after-stale-lock', vector: vectorFor('x', 1, 8) }]);
    expect(await index.count()).toBe(2);
    await index.close();
    expect(await readdir(directory.path)).not.toContain(`${NAME}.lock`);
  });

  it('takes over a stale lock file left by an older version that crashed', async () => {
    const index = await seed(1, { lockLingerMs: 0 });
    const lock = join(directory.path, `${NAME}.lock`);
    await writeFile(lock, `999999999 ${hostname()} x\n`);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    await index.upsert([{ id: 'after-old-lock', vector: vectorFor('x', 1, 8) }]);
    expect(await index.count()).toBe(2);
    await index.close();
  });

  it('waits for a live lock holder and times out with LOCK_TIMEOUT', async () => {
    const index = await seed(1, { lockTimeoutMs: 100, lockLingerMs: 0 });
    // Another process holds the lock (fresh, so not stale): it must be respected.
    const lock = join(directory.path, `${NAME}.lock`);
    await mkdir(lock);
    const error = await index
      .upsert([{ id: 'blocked', vector: vectorFor('b', 1, 8) }])
      .catch((caught) => caught);
    expect(AutoSkillError.hasCode(error, 'LOCK_TIMEOUT')).toBe(true);
    expect(String(error.message)).toMatch(/another process holds it/);
    expect(await index.getHash('blocked')).toBeUndefined();
    await rmdir(lock);
    await index.upsert([{ id: 'after-release', vector: vectorFor('a', 1, 8) }]);
    expect(await index.count()).toBe(2);
    await index.close();
  });

  it('waits for a lock file of an older version that is still fresh', async () => {
    const index = await seed(1, { lockTimeoutMs: 100, lockLingerMs: 0 });
    await writeFile(join(directory.path, `${NAME}.lock`), `${process.ppid} ${hostname()} x\n`);
    const error = await index
      .upsert([{ id: 'blocked', vector: vectorFor('b', 1, 8) }])
      .catch((caught) => caught);
    expect(AutoSkillError.hasCode(error, 'LOCK_TIMEOUT')).toBe(true);
    await rm(join(directory.path, `${NAME}.lock`));
    await index.close();
  });
});

describe('createFlatVectorIndex: search', () => {
  it('uses only the non-zero dimensions of a sparse query and matches a dense computation', {
    tags: ['slow'],
  }, async () => {
    const dimensions = 256;
    const index = await createFlatVectorIndex({
      directory: directory.path,
      name: 'sparse',
      dimensions,
      logger: { warn: () => {} },
      syncWrites: false,
    });
    const ids = Array.from({ length: 500 }, (_, position) => `s${position}`);
    await index.upsert(ids.map((id) => ({ id, vector: vectorFor(id, 1, dimensions) })));
    const query = new Float32Array(dimensions);
    for (const dimension of [3, 17, 64, 65, 66, 130, 255])
      query[dimension] = dimension % 2 ? 1 : -0.5;
    let norm = 0;
    for (const value of query) norm += value * value;
    const ranked = ids
      .map((id) => {
        const vector = vectorFor(id, 1, dimensions);
        let score = 0;
        for (let dimension = 0; dimension < dimensions; dimension++)
          score += vector[dimension]! * query[dimension]!;
        return { id, score: score / Math.sqrt(norm) };
      })
      .sort((left, right) => right.score - left.score);
    // Filter out the best match: the next ten must come back.
    const skipped = ranked[0]!.id;
    const expected = ranked.slice(1, 11);
    const matches = await index.query({ vector: query, topK: 10, filter: (id) => id !== skipped });
    expect(matches.map((match) => match.id)).toEqual(expected.map((match) => match.id));
    matches.forEach((match, position) => {
      expect(match.score).toBeCloseTo(expected[position]!.score, 5);
    });
    await index.close();
  });
});

describe('createFlatVectorIndex: a crash at every byte of the log', () => {
  it('opens the state after some complete prefix of the writes for every cut point', {
    tags: ['slow'],
  }, async () => {
    const states: Map<string, string | undefined>[] = [];
    const remember = async (index: Awaited<ReturnType<typeof openIndex>>) => {
      const state = new Map<string, string | undefined>();
      for (const id of await index.ids()) state.set(id, await index.getHash(id));
      states.push(state);
    };
    const index = await openIndex(directory.path);
    await remember(index);
    await index.upsert([
      { id: 'a', vector: vectorFor('a', 1, 8), hash: '1' },
      { id: 'bb', vector: vectorFor('bb', 1, 8), hash: '1' },
    ]);
    await remember(index);
    await index.upsert([{ id: 'ccc', vector: vectorFor('ccc', 2, 8) }]);
    await remember(index);
    await index.delete(['a']);
    await remember(index);
    await index.upsert([{ id: 'bb', vector: vectorFor('bb', 3, 8), hash: '3' }]);
    await remember(index);
    const log = await readFile(logPath());
    const snapshot = await readFile(snapshotPath());
    await index.close().catch(() => {});

    for (let cut = 0; cut <= log.length; cut++) {
      const copy = await makeTestDirectory();
      try {
        await writeFile(join(copy.path, `${NAME}.vectors`), snapshot);
        await writeFile(join(copy.path, `${NAME}.log`), log.subarray(0, cut));
        const reopened = await openIndex(copy.path);
        expect(reopened.openState).toBe('loaded');
        const state = new Map<string, string | undefined>();
        for (const id of await reopened.ids()) {
          state.set(id, await reopened.getHash(id));
          const counter = id === 'ccc' ? 2 : Number(state.get(id));
          expect(maxDifference((await reopened.get(id))!, vectorFor(id, counter, 8))).toBeLessThan(
            1e-6,
          );
        }
        expect(
          states.some((expected) => sameEntries(expected, state)),
          `cut at byte ${cut}`,
        ).toBe(true);
        await reopened.close();
      } finally {
        await copy.cleanup();
      }
    }
  });
});

function sameEntries(
  left: Map<string, string | undefined>,
  right: Map<string, string | undefined>,
): boolean {
  if (left.size !== right.size) return false;
  for (const [key, value] of left) if (!right.has(key) || right.get(key) !== value) return false;
  return true;
}
