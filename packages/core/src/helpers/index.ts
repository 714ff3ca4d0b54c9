export { isAbortError, throwIfAborted } from './abort';
export {
  type GenerateJsonOptions,
  type GenerateJsonResult,
  generateJson,
  type SafeParseSchema,
} from './generate-json';
export { type GenerateTextOptions, type GenerateTextResult, generateText } from './generate-text';
export { InvalidJsonOutputError } from './invalid-json-output-error';
export { KeyedMutex } from './keyed-mutex';
export { parseJsonFromModelText } from './parse-json-from-model-text';
export { type PromptOptions, toCallOptions } from './prompt-options';
export {
  abortableSleep,
  backoffDelay,
  isRetryableError,
  type RetryOptions,
  retryWithBackoff,
  type SleepFunction,
} from './retry-with-backoff';
export { type StreamTextOptions, type StreamTextResult, streamText } from './stream-text';
