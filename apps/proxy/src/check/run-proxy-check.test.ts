import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import { runProxyCheck } from './run-proxy-check';

describe('runProxyCheck', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ config: { proxyApiKey: 'check-key-0123456789' } });
  });
  afterAll(() => fixture.close());

  it('passes every check against a working proxy and leaves no skill behind', async () => {
    // The `/v1` URL the proxy prints works as well as the server URL.
    const results = await runProxyCheck({
      baseUrl: `${fixture.proxy.url}/v1/`,
      apiKey: 'check-key-0123456789',
    });
    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ['health', true],
      ['models', true],
      ['capabilities', true],
      ['chat', true],
      ['chat stream', true],
      ['retrieval preview', true],
      ['extraction', true],
      ['cleanup', true],
      ['embeddings', true],
    ]);
    expect(results.find((result) => result.name === 'cleanup')?.detail).toBe(
      'removed the 1 skill(s) the extraction check added',
    );
    await fixture.autoskill.learning.idle();
    expect(await fixture.autoskill.list({ scope: 'all' })).toEqual([]);
    // The proxy's own time, read from its Server-Timing header.
    expect(results.find((result) => result.name === 'chat')?.detail).toMatch(
      /hit\(s\), AutoSkill \d+\.\d\d ms \+ upstream \d+\.\d\d ms$/,
    );
    expect(results.find((result) => result.name === 'extraction')?.detail).toMatch(
      /completed, 1 skill\(s\) upserted/,
    );
  });

  it('reports failures instead of throwing (wrong key, nothing listening)', async () => {
    const unauthorized = await runProxyCheck({
      baseUrl: fixture.proxy.url,
      apiKey: 'wrong-key-0000000000',
      skipEmbeddings: true,
    });
    expect(unauthorized.find((result) => result.name === 'health')?.ok).toBe(true);
    expect(unauthorized.find((result) => result.name === 'models')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('HTTP 401'),
    });
    const nobody = await runProxyCheck({
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
      skipEmbeddings: true,
    });
    expect(nobody.every((result) => !result.ok)).toBe(true);
  });
});
