import { providerCatalog } from '@autoskill/sdk';
import { describe, expect, it } from 'vitest';
import { resolveUpstream } from './resolve-upstream';

describe('resolveUpstream', () => {
  it('is offline without keys or flags', () => {
    expect(resolveUpstream({ env: {} })).toEqual({
      upstream: { kind: 'offline' },
      reason: 'no API key in the environment: offline',
    });
  });

  it('picks the vendor from the first key in the environment, with its default URL and model', () => {
    const { upstream, reason } = resolveUpstream({
      env: { OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'a' },
    });
    expect(upstream).toEqual({
      kind: 'openai',
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-1',
      model: 'gpt-4o-mini',
    });
    expect(reason).toBe('OPENAI_API_KEY is set');
  });

  it('honours explicit provider, model, base URL and timeouts', () => {
    const { upstream } = resolveUpstream({
      provider: 'qwen',
      model: 'qwen-max',
      apiKey: 'k',
      maxRetries: 1,
      headersTimeoutMs: 5_000,
      idleTimeoutMs: 6_000,
      deadlineMs: 30_000,
      env: {},
    });
    expect(upstream).toMatchObject({
      kind: 'openai',
      provider: 'dashscope',
      baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
      model: 'qwen-max',
      apiKey: 'k',
      maxRetries: 1,
      headersTimeoutMs: 5_000,
      idleTimeoutMs: 6_000,
      deadlineMs: 30_000,
    });
    expect(
      resolveUpstream({ baseUrl: 'http://127.0.0.1:8000/v1', env: {} }).upstream,
    ).toMatchObject({ kind: 'openai', provider: 'generic', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(
      resolveUpstream({ provider: 'claude', env: { ANTHROPIC_API_KEY: 'a' } }).upstream,
    ).toMatchObject({ kind: 'anthropic', model: 'claude-sonnet-4-6', apiKey: 'a' });
    expect(resolveUpstream({ provider: 'mock', env: { OPENAI_API_KEY: 'x' } }).upstream.kind).toBe(
      'offline',
    );
  });

  it('names the accepted providers for an unknown one, and asks for a URL for generic', () => {
    expect(() => resolveUpstream({ provider: 'nope', env: {} })).toThrow(
      /expected one of generic, dashscope/,
    );
    expect(() => resolveUpstream({ provider: 'generic', env: {} })).toThrow(/needs --llm-base-url/);
  });

  it('uses the default URL and model of the shared provider catalog for every vendor', () => {
    for (const entry of providerCatalog) {
      if (entry.name === 'mock' || entry.name === 'generic') continue;
      const { upstream } = resolveUpstream({ provider: entry.name, apiKey: 'k', env: {} });
      expect(upstream).toMatchObject({
        provider: entry.name,
        baseUrl: entry.defaultBaseUrl,
        model: entry.defaultModel,
      });
    }
  });
});
