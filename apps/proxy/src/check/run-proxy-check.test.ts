import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import { runProxyCheck } from './run-proxy-check';

describe('runProxyCheck', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ config: { proxyApiKey: 'check-key-0123456789' } });
  });
  afterAll(() => fixture.close());

  it('passes every check against a working proxy', async () => {
    const results = await runProxyCheck({
      baseUrl: fixture.proxy.url,
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
      ['embeddings', true],
    ]);
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
