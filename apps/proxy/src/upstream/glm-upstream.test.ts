import { type FakeVendorServer, startFakeGlm } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';

const GLM_KEY = 'glm-key-id.glm-key-secret';

describe('GLM (BigModel) as the upstream: an id.secret key goes as the signed JWT', () => {
  let glm: FakeVendorServer;
  let fixture: ProxyFixture;
  let client: OpenAI;

  beforeAll(async () => {
    // The fake checks every request's JWT signature, api_key, expiry and ms timestamps.
    glm = await startFakeGlm({ signedKey: GLM_KEY });
    fixture = await startFixture({
      upstream: { provider: 'glm', baseUrl: glm.url, apiKey: GLM_KEY, model: 'glm-4.7' },
      config: { extractMode: 'never', embeddings: 'upstream' },
    });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await fixture.close();
    await glm.close();
  });

  it('answers chat, streamed or not, and embeddings through the signed token', async () => {
    const answer = await client.chat.completions.create({
      model: 'glm-4.7',
      messages: [{ role: 'user', content: 'hello GLM' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Fake reply to: hello GLM');
    const stream = await client.chat.completions.create({
      model: 'glm-4.7',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Fake reply to: stream please');
    const embedded = await client.embeddings.create({ model: 'embedding-3', input: 'a text' });
    expect(embedded.data).toHaveLength(1);
    const tokens = glm.requests.map((request) => request.headers.authorization);
    expect(tokens).toHaveLength(3);
    // Signed once and reused; the secret never leaves the proxy.
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^Bearer eyJ/);
    expect(tokens[0]).not.toContain('glm-key-secret');
  });
});
