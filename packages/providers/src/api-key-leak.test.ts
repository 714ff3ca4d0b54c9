import { inspect } from 'node:util';
import { generateText, streamText } from '@autoskill/core';
import {
  type FakeVendorServer,
  fakeError,
  startFakeAnthropic,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic/anthropic-provider';
import { createOpenAIProvider } from './openai/openai-provider';
import { resolveProviders } from './resolve-providers';

const SECRET = 'sk-LEAKCHECK-4f8a2c9e7b1d';
let fake: FakeVendorServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function expectNoSecret(error: unknown) {
  expect(error).toBeInstanceOf(Error);
  const views = [
    String(error),
    (error as Error).message,
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ];
  for (const view of views) expect(view).not.toContain(SECRET);
}

describe('API keys never leak', () => {
  it('is scrubbed from OpenAI error messages that echo it (chat and stream)', async () => {
    fake = await startFakeOpenAI();
    const model = createOpenAIProvider({ apiKey: SECRET, baseUrl: fake.url }).languageModel(
      'gpt-4o-mini',
    );
    fake.script(fakeError(401, `Incorrect API key provided: ${SECRET}.`));
    const error = await generateText({ model, prompt: 'x' }).catch((caught) => caught);
    expect(error.message).toBe('openai: HTTP 401: Incorrect API key provided: [redacted].');
    expectNoSecret(error);

    fake.script(fakeError(500, `upstream rejected key ${SECRET}`));
    const streamed = streamText({ model, prompt: 'x', maxRetries: 0 });
    const streamError = await streamed.text.catch((caught) => caught);
    expectNoSecret(streamError);
    expect(
      fake.requests.every((request) => request.headers.authorization === `Bearer ${SECRET}`),
    ).toBe(true);
  });

  it('is scrubbed from Anthropic errors', async () => {
    fake = await startFakeAnthropic();
    const model = createAnthropicProvider({
      apiKey: SECRET,
      baseUrl: fake.url,
      env: {},
    }).languageModel();
    fake.script(fakeError(403, `key ${SECRET} has no access`));
    const error = await generateText({ model, prompt: 'x' }).catch((caught) => caught);
    expect(error.message).toBe(
      'anthropic: HTTP 403 permission_error: key [redacted] has no access',
    );
    expectNoSecret(error);
  });

  it('is absent from network errors and from the choice log line', async () => {
    const lines: string[] = [];
    const resolved = resolveProviders({
      llm: { provider: 'openai', apiKey: SECRET, baseUrl: 'http://127.0.0.1:9/v1' },
      env: {},
      logger: { info: (line) => void lines.push(line) },
    });
    const error = await generateText({
      model: resolved.languageModel,
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught) => caught);
    expect(error.message).toMatch(/^openai: could not reach the API/);
    expectNoSecret(error);
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(JSON.stringify(resolved.chosen)).not.toContain(SECRET);
  });
});
