// Placeholder: owned by the retrieval work.
import type { EmbeddingModel } from '@autoskill/core';
export interface EmbeddingModelSuiteOptions {
  createModel(): Promise<EmbeddingModel> | EmbeddingModel;
}
export function runEmbeddingModelTests(_name: string, _options: EmbeddingModelSuiteOptions): void {}
