// Placeholder: owned by the vectors-flat work.
import type { VectorIndex } from '@autoskill/core';
export interface VectorIndexSuiteOptions {
  createIndex(dimensions: number): Promise<VectorIndex>;
  cleanup?(index: VectorIndex): Promise<void>;
}
export function runVectorIndexTests(_name: string, _options: VectorIndexSuiteOptions): void {}
