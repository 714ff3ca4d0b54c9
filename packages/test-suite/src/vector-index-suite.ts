import type { VectorIndex } from '@autoskill/core';
import { afterEach, describe } from 'vitest';
import { definePersistenceTests } from './vector-index-persistence-tests';
import { defineQueryTests } from './vector-index-query-tests';
import type { VectorIndexTestContext } from './vector-index-test-kit';
import { defineWriteTests } from './vector-index-write-tests';

/** How the conformance suite gets an index. */
export interface VectorIndexSuiteOptions {
  /** Creates a fresh, empty index with the given number of dimensions. */
  createIndex(dimensions: number): Promise<VectorIndex>;
  /**
   * Closes `index` and opens it again from its persisted state. Give it for persistent
   * indexes: the suite then checks that writes survive a reopen.
   */
  reopen?(index: VectorIndex): Promise<VectorIndex>;
  /** Releases what `createIndex` made (temp directories…). Called after every test. */
  cleanup?(index: VectorIndex): Promise<void>;
  /** Set when the index honours the `alsoScore` query hint: the suite then requires the extras. */
  scoresAlsoScore?: boolean;
}

/**
 * Registers vitest tests proving that a `VectorIndex` implementation behaves as the spec says:
 * cosine ordering, ties by id, replace, delete, filter, topK bounds, hashes, validation errors,
 * clear, (with `reopen`) persistence, and the optional `getMany`, `alsoScore` and `openState` /
 * `rebuildReason` when the index has them (skipped, saying so, when it has not).
 */
export function runVectorIndexTests(name: string, options: VectorIndexSuiteOptions): void {
  describe(`VectorIndex conformance: ${name}`, () => {
    const opened: VectorIndex[] = [];

    afterEach(async () => {
      const indexes = opened.splice(0);
      for (const index of indexes) await index.close?.();
      for (const index of indexes) await options.cleanup?.(index);
    });

    const context: VectorIndexTestContext = {
      async create(dimensions = 4) {
        const index = await options.createIndex(dimensions);
        opened.push(index);
        return index;
      },
      async reopen(index) {
        if (!options.reopen) throw new Error('reopen not provided');
        const next = await options.reopen(index);
        opened.push(next);
        return next;
      },
      persistent: options.reopen !== undefined,
      scoresAlsoScore: options.scoresAlsoScore === true,
    };

    defineQueryTests(context);
    defineWriteTests(context);
    definePersistenceTests(context);
  });
}
