import { createInMemoryLearningJobStorage, createInMemoryLearningJobStore } from '@autoskill/core';
import { runLearningJobStoreTests } from './learning-job-store-suite';

runLearningJobStoreTests('in-memory', {
  createStorage: async () => {
    const storage = createInMemoryLearningJobStorage();
    return { open: async () => createInMemoryLearningJobStore({ storage }) };
  },
});
