import type { SkillStore } from '@autoskill/core';
import { afterEach, beforeEach, describe } from 'vitest';
import { defineArchiveTests } from './skill-store-archive-tests';
import { defineCrudTests } from './skill-store-crud-tests';
import { defineFileTests } from './skill-store-file-tests';
import { defineForgetOwnerTests } from './skill-store-forget-owner-tests';
import { definePersistenceTests } from './skill-store-persistence-tests';
import { definePutAllTests } from './skill-store-put-all-tests';
import { definePutManyTests } from './skill-store-put-many-tests';
import { defineRevisionTests } from './skill-store-revision-tests';
import { defineScanTests } from './skill-store-scan-tests';
import {
  randomOwner,
  type SkillStoreTestContext,
  type WriteSkillFile,
} from './skill-store-test-kit';

/** How the conformance suite gets a store. */
export interface SkillStoreSuiteOptions {
  /** A fresh, empty store for each test. */
  createStore(): Promise<SkillStore>;
  /**
   * Closes `store` and opens it again over the same data (persistent stores only). When given,
   * the suite checks that skills, resources and history survive a restart.
   */
  reopen?(store: SkillStore): Promise<SkillStore>;
  /** Called after each test with the last store in use. */
  cleanup?(store: SkillStore): Promise<void>;
  /**
   * Writes `markdown` as the SKILL.md of a user's skill folder straight into the backing storage
   * (e.g. `Users/<owner>/<folder>/SKILL.md`), bypassing the store. For stores with `rescan()`:
   * when given, the suite checks that a rescan gives an id to a skill without one
   * (`assignedIds`) and reports a broken file in `loadErrors`.
   */
  writeSkillFile?: WriteSkillFile;
}

/**
 * Runs the `SkillStore` conformance tests (vitest) against an implementation. Groups for the
 * spec's optional members (`putMany`, `putAll`; `refresh`, `rescan`, `loadErrors`, `assignedIds`;
 * `archive`, `restore`, `listArchived`; `forgetOwner`) run when
 * the store has them and are skipped, saying so, when it has not; `persistence` runs with
 * `reopen`.
 *
 * ```ts
 * runSkillStoreTests('my store', { createStore: async () => createMyStore() });
 * ```
 */
export function runSkillStoreTests(name: string, options: SkillStoreSuiteOptions): void {
  if (typeof options?.createStore !== 'function') {
    throw new TypeError(
      'runSkillStoreTests(name, options): options.createStore must be a function',
    );
  }

  describe(`SkillStore conformance: ${name}`, () => {
    let store: SkillStore;
    let user: string;

    beforeEach(async () => {
      store = await options.createStore();
      user = randomOwner('user');
    });

    afterEach(async () => {
      await options.cleanup?.(store);
    });

    const context: SkillStoreTestContext = {
      store: () => store,
      user: () => user,
      reopenIfPossible: async () => {
        if (options.reopen) store = await options.reopen(store);
      },
      persistent: options.reopen !== undefined,
      writeSkillFile: options.writeSkillFile,
    };

    defineCrudTests(context);
    defineRevisionTests(context);
    defineFileTests(context);
    if (context.persistent) definePersistenceTests(context);
    definePutManyTests(context);
    definePutAllTests(context);
    defineScanTests(context);
    defineArchiveTests(context);
    defineForgetOwnerTests(context);
  });
}
