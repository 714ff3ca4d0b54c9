export {};
export {
  MockLanguageModel,
  type MockLanguageModelCall,
  type MockLanguageModelOptions,
  type MockLanguageModelReply,
} from './mock-language-model';
export { MockEmbeddingModel, type MockEmbeddingModelOptions } from './mock-embedding-model';
