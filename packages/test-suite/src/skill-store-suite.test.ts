import { createInMemorySkillStore } from '@autoskill/core';
import { runSkillStoreTests } from './skill-store-suite';

runSkillStoreTests('in-memory', { createStore: async () => createInMemorySkillStore() });
