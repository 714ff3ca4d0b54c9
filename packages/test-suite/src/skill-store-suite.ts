// Placeholder: owned by the store-local work.
import type { SkillStore } from '@autoskill/core';
export interface SkillStoreSuiteOptions {
  createStore(): Promise<SkillStore>;
  cleanup?(store: SkillStore): Promise<void>;
}
export function runSkillStoreTests(_name: string, _options: SkillStoreSuiteOptions): void {}
