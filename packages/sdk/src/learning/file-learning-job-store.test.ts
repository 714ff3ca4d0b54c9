import { createTempDirectory, runLearningJobStoreTests } from '@autoskill/test-suite';
import { createFileLearningJobStore } from './file-learning-job-store';

runLearningJobStoreTests('file', {
  createStorage: async () => {
    const directory = await createTempDirectory();
    return {
      open: async () => createFileLearningJobStore({ directory: directory.path }),
      cleanup: () => directory.cleanup(),
    };
  },
});
