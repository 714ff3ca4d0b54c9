export { type FakeAnthropicOptions, startFakeAnthropic } from './fake-anthropic';
export {
  type FakeBehaviour,
  type FakeToolCall,
  type FakeUsage,
  fakeError,
  fakeReply,
} from './fake-behaviour';
export {
  type FakeOpenAIOptions,
  startFakeDashScope,
  startFakeGlm,
  startFakeInternLM,
  startFakeOpenAI,
} from './fake-openai';
export { type FakeVendorServer, fakeVector } from './fake-server';
export type { RecordedRequest } from './recorded-request';
