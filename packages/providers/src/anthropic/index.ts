export {
  AnthropicLanguageModel,
  type AnthropicLanguageModelConfig,
} from './anthropic-language-model';
export {
  type AnthropicProvider,
  type AnthropicProviderSettings,
  createAnthropicProvider,
} from './anthropic-provider';
export { mapAnthropicError } from './map-anthropic-error';
