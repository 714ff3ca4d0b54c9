import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorIndex } from '@autoskill/core';
import { runVectorIndexTests } from '@autoskill/test-suite';
import { createFlatVectorIndex, type FlatVectorIndex } from './index';

const silent = { warn: () => {} };

runVectorIndexTests('flat', {
  createIndex: async (dimensions) => {
    const directory = await mkdtemp(join(tmpdir(), 'vectors-flat-suite-'));
    return createFlatVectorIndex({
      directory,
      name: 'suite',
      dimensions,
      logger: silent,
      syncWrites: false,
    });
  },
  reopen: async (index: VectorIndex) => {
    const flat = index as FlatVectorIndex;
    await flat.close();
    return createFlatVectorIndex({
      directory: flat.directory,
      name: flat.name,
      dimensions: flat.dimensions,
      logger: silent,
      syncWrites: false,
    });
  },
  cleanup: async (index: VectorIndex) => {
    await rm((index as FlatVectorIndex).directory, { recursive: true, force: true });
  },
  scoresAlsoScore: true,
});
