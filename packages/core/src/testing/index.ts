export { MockEmbeddingModel, type MockEmbeddingModelOptions } from './mock-embedding-model';
export {
  MockLanguageModel,
  type MockLanguageModelCall,
  type MockLanguageModelOptions,
  type MockLanguageModelReply,
} from './mock-language-model';
