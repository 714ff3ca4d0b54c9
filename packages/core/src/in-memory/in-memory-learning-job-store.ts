import { ConflictError, InvalidArgumentError } from '../errors/errors';
import { assertSafeUserId } from '../identity/identity';
import type { LearningJobRecord, LearningJobStore } from '../spec/learning-job-store';

const JOB_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * What several in-memory job stores share, the way processes share a store directory: open one
 * with `createInMemoryLearningJobStorage()` and pass it to each store.
 */
export interface InMemoryLearningJobStorage {
  readonly jobs: Map<string, { record: LearningJobRecord; owner: object }>;
  readonly openOwners: Set<object>;
}

/** Options of `createInMemoryLearningJobStore`. */
export interface InMemoryLearningJobStoreOptions {
  /** Storage shared with other in-memory job stores. Default: a storage of its own. */
  storage?: InMemoryLearningJobStorage;
}

/** Storage for in-memory job stores that should see each other's jobs (tests, one process). */
export function createInMemoryLearningJobStorage(): InMemoryLearningJobStorage {
  return { jobs: new Map(), openOwners: new Set() };
}

/**
 * A `LearningJobStore` kept in a Map: the reference implementation, isomorphic. Nothing
 * survives the process; an owner is gone once `close()` was called. Use
 * `createFileLearningJobStore()` from `@autoskill/sdk` to persist jobs.
 */
export function createInMemoryLearningJobStore(
  options: InMemoryLearningJobStoreOptions = {},
): LearningJobStore {
  const storage = options.storage ?? createInMemoryLearningJobStorage();
  const owner = {};
  storage.openOwners.add(owner);
  const assertOpen = () => {
    if (!storage.openOwners.has(owner)) throw new ConflictError('The job store is closed.');
  };
  return {
    specificationVersion: 'v1',
    name: 'memory',
    async add(record) {
      assertOpen();
      assertLearningJobRecord(record);
      if (storage.jobs.has(record.id))
        throw new ConflictError(`Job ${record.id} is already recorded.`, { id: record.id });
      storage.jobs.set(record.id, { record: structuredClone(record), owner });
    },
    async replace(record) {
      assertOpen();
      assertLearningJobRecord(record);
      const entry = storage.jobs.get(record.id);
      if (entry?.owner !== owner)
        throw new ConflictError(`Job ${record.id} is not owned by this job store.`, {
          id: record.id,
        });
      entry.record = structuredClone(record);
    },
    async remove(id) {
      assertOpen();
      if (storage.jobs.get(id)?.owner === owner) storage.jobs.delete(id);
    },
    async claimOrphans() {
      assertOpen();
      const claimed: LearningJobRecord[] = [];
      for (const entry of storage.jobs.values()) {
        if (storage.openOwners.has(entry.owner)) continue;
        entry.owner = owner;
        claimed.push(structuredClone(entry.record));
      }
      return claimed.sort(compareLearningJobRecords);
    },
    async close() {
      storage.openOwners.delete(owner);
    },
  };
}

/** Throws InvalidArgumentError unless `record` is a well-formed job record (job stores check before any I/O). */
export function assertLearningJobRecord(record: LearningJobRecord): void {
  if (typeof record !== 'object' || record === null)
    throw new InvalidArgumentError('record', 'expected a learning job record');
  if (typeof record.id !== 'string' || !JOB_ID.test(record.id))
    throw new InvalidArgumentError('record.id', 'expected 1–128 characters of A-Z a-z 0-9 _ -');
  if (typeof record.experience !== 'object' || record.experience === null)
    throw new InvalidArgumentError('record.experience', 'expected an object');
  assertSafeUserId(record.experience.userId);
  if (typeof record.trigger !== 'string' || record.trigger === '')
    throw new InvalidArgumentError('record.trigger', 'expected a non-empty string');
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt)))
    throw new InvalidArgumentError('record.createdAt', 'expected an ISO date');
  if (!Number.isSafeInteger(record.sequence))
    throw new InvalidArgumentError('record.sequence', 'expected an integer');
}

/** The order claims return jobs in: oldest `createdAt` first, then `sequence`, then id. */
export function compareLearningJobRecords(
  left: LearningJobRecord,
  right: LearningJobRecord,
): number {
  return (
    Date.parse(left.createdAt) - Date.parse(right.createdAt) ||
    left.sequence - right.sequence ||
    (left.id < right.id ? -1 : left.id > right.id ? 1 : 0)
  );
}
