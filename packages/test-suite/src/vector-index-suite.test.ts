import { createInMemoryVectorIndex } from '@autoskill/core';
import { runVectorIndexTests } from './vector-index-suite';

runVectorIndexTests('in-memory', {
  createIndex: async (dimensions) => createInMemoryVectorIndex({ name: 'suite', dimensions }),
  scoresAlsoScore: true,
});
