import { AutoSkillError, type LearningJobRecord, type LearningJobStore } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';

type Two = [LearningJobStore, LearningJobStore];
type Three = [LearningJobStore, LearningJobStore, LearningJobStore];

/** Backing storage for one test: every `open()` is another owner (a process) over it. */
export interface LearningJobStoreTestStorage {
  /** Opens one more job store over this storage. */
  open(): Promise<LearningJobStore>;
  /** Releases the storage (temp directories…). Called after the test, once its stores are closed. */
  cleanup?(): Promise<void>;
}

/** How the conformance suite gets job stores. */
export interface LearningJobStoreSuiteOptions {
  /** Fresh, empty storage for one test. */
  createStorage(): Promise<LearningJobStoreTestStorage>;
}

/**
 * Registers vitest tests proving that a `LearningJobStore` behaves as the spec says: a live
 * owner's jobs are never claimed, closing hands them over, each job goes to one claimer even
 * when claims race, claims come oldest first with their content intact, replace and remove act
 * on the owner's jobs only, duplicates and malformed records are refused, a closed store refuses
 * every call. (Owners that die without closing are the implementation's own test: a file store
 * needs a process to kill.)
 */
export function runLearningJobStoreTests(
  name: string,
  options: LearningJobStoreSuiteOptions,
): void {
  describe(`LearningJobStore conformance: ${name}`, () => {
    const opened: LearningJobStore[] = [];
    let storage: LearningJobStoreTestStorage | undefined;

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => {});
      await storage?.cleanup?.();
      storage = undefined;
    });

    async function owners(count: number): Promise<LearningJobStore[]> {
      storage ??= await options.createStorage();
      const stores: LearningJobStore[] = [];
      for (let index = 0; index < count; index++) stores.push(await storage.open());
      opened.push(...stores);
      return stores;
    }

    it('never claims the jobs of an open owner', async () => {
      const [first, second] = (await owners(2)) as Two;
      await first.add(job(1));
      expect(await second.claimOrphans()).toEqual([]);
      expect(await first.claimOrphans()).toEqual([]);
    });

    it('hands a closed owner’s jobs to one claimer, content intact', async () => {
      const [first, second, third] = (await owners(3)) as Three;
      const rich = job(1, {
        experience: {
          userId: 'alice',
          messages: [
            { role: 'user', content: 'Before each release: regression → canary → 全量 🚀' },
            { role: 'assistant', content: [{ type: 'text', text: 'Noted.' }] },
          ],
          events: [{ type: 'tool_call', name: 'deploy', ok: true }],
          hint: 'remember the release order',
        },
      });
      await first.add(rich);
      await first.add(job(2));
      await first.close();
      expect(await second.claimOrphans()).toEqual([rich, job(2)]);
      expect(await third.claimOrphans()).toEqual([]);
    });

    it('returns claimed jobs oldest first, then by sequence', async () => {
      const [first, second] = (await owners(2)) as Two;
      const later = job(1, { createdAt: '2026-12-01T10:00:02.000Z', sequence: 1 });
      const earlierB = job(2, { createdAt: '2026-12-01T10:00:01.000Z', sequence: 7 });
      const earlierA = job(3, { createdAt: '2026-12-01T10:00:01.000Z', sequence: 3 });
      for (const record of [later, earlierB, earlierA]) await first.add(record);
      await first.close();
      expect((await second.claimOrphans()).map((record) => record.id)).toEqual([
        earlierA.id,
        earlierB.id,
        later.id,
      ]);
    });

    it('forgets removed jobs and hands over replacements', async () => {
      const [first, second] = (await owners(2)) as Two;
      await first.add(job(1));
      await first.add(job(2));
      const extended = job(2, {
        experience: {
          userId: 'alice',
          messages: [
            { role: 'user', content: 'message 2' },
            { role: 'assistant', content: 'answer 2' },
            { role: 'user', content: 'and one more thing' },
          ],
        },
      });
      await first.replace(extended);
      await first.remove(job(1).id);
      await first.remove('job_unknown');
      await first.close();
      expect(await second.claimOrphans()).toEqual([extended]);
    });

    it('hands each job to exactly one of several racing claimers', async () => {
      const [first, ...claimers] = await owners(4);
      const records = Array.from({ length: 30 }, (_, index) =>
        job(index + 1, { experience: { userId: `user${index % 4}`, messages: [] } }),
      );
      for (const record of records) await (first as LearningJobStore).add(record);
      await (first as LearningJobStore).close();
      const claims = await Promise.all(claimers.map((store) => store.claimOrphans()));
      const ids = claims.flat().map((record) => record.id);
      expect(ids.sort()).toEqual(records.map((record) => record.id).sort());
    });

    it('makes a claimer the owner: its claims stay until it closes', async () => {
      const [first, second, third] = (await owners(3)) as Three;
      await first.add(job(1));
      await first.add(job(2));
      await first.close();
      expect(await second.claimOrphans()).toHaveLength(2);
      expect(await third.claimOrphans()).toEqual([]);
      await second.remove(job(1).id);
      await second.replace(job(2, { trigger: 'extract_now' }));
      await second.close();
      expect(await third.claimOrphans()).toEqual([job(2, { trigger: 'extract_now' })]);
    });

    it('lets only the owner replace or remove a job', async () => {
      const [first, second, third] = (await owners(3)) as Three;
      await first.add(job(1));
      await expectCode(second.replace(job(1, { trigger: 'api' })), 'CONFLICT');
      await second.remove(job(1).id);
      await first.close();
      expect(await third.claimOrphans()).toEqual([job(1)]);
    });

    it('refuses duplicate ids, malformed records and calls after close', async () => {
      const [first] = (await owners(1)) as [LearningJobStore];
      await first.add(job(1));
      await expectCode(first.add(job(1)), 'CONFLICT');
      await expectCode(first.add(job(2, { id: '../escape' })), 'INVALID_ARGUMENT');
      await expectCode(
        first.add(job(3, { experience: { userId: '../x', messages: [] } })),
        'UNSAFE_PATH',
      );
      await first.close();
      await expectCode(first.add(job(4)), 'CONFLICT');
      await expectCode(first.claimOrphans(), 'CONFLICT');
    });
  });
}

/** A job record numbered `position`, with `overrides`. */
function job(position: number, overrides: Partial<LearningJobRecord> = {}): LearningJobRecord {
  return {
    id: `job_${String(position).padStart(4, '0')}`,
    experience: {
      userId: 'alice',
      messages: [
        { role: 'user', content: `message ${position}` },
        { role: 'assistant', content: `answer ${position}` },
      ],
    },
    trigger: 'auto',
    createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, position)).toISOString(),
    sequence: position,
    ...overrides,
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(AutoSkillError.isInstance(caught) ? caught.code : caught).toBe(code);
}
