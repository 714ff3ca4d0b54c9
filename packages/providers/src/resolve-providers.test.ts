import { generateText, isEmbeddingDisabled } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { OFFLINE_REPLY_PREFIX } from './mock/offline-language-model';
import { mergeModelSettings } from './model-settings';
import { describeChoice, resolveProviders } from './resolve-providers';

function capture() {
  const lines: string[] = [];
  return { lines, logger: { info: (line: string) => void lines.push(line) } };
}

describe('resolveProviders', () => {
  it('falls back to offline mock + hashing with no key, and says so in one line', async () => {
    const { lines, logger } = capture();
    const resolved = resolveProviders({ env: {}, logger });
    expect(resolved.chosen.llm).toEqual({
      provider: 'mock',
      model: 'offline',
      reason: 'no API key in the environment: offline mode',
    });
    expect(resolved.chosen.embeddings).toMatchObject({ provider: 'hashing', dimensions: 256 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^LLM: mock offline \(no API key in the environment: offline mode\); embeddings: hashing /,
    );
    const reply = await generateText({ model: resolved.languageModel, prompt: 'hello' });
    expect(reply.text.startsWith(OFFLINE_REPLY_PREFIX)).toBe(true);
  });

  it.each([
    [
      {
        AUTOSKILL_GENERIC_LLM_URL: 'http://127.0.0.1:9/v1',
        AUTOSKILL_GENERIC_LLM_MODEL: 'llama3',
        DASHSCOPE_API_KEY: 'd-123456',
      },
      'generic',
      'AUTOSKILL_GENERIC_LLM_URL',
    ],
    [
      { DASHSCOPE_API_KEY: 'd-123456', ZHIPUAI_API_KEY: 'z-123456', OPENAI_API_KEY: 'o-123456' },
      'dashscope',
      'DASHSCOPE_API_KEY',
    ],
    [{ BIGMODEL_API_KEY: 'z-123456', INTERNLM_API_KEY: 'i-123456' }, 'glm', 'BIGMODEL_API_KEY'],
    [{ INTERN_API_KEY: 'i-123456', OPENAI_API_KEY: 'o-123456' }, 'internlm', 'INTERN_API_KEY'],
    [{ OPENAI_API_KEY: 'o-123456', ANTHROPIC_API_KEY: 'a-123456' }, 'openai', 'OPENAI_API_KEY'],
    [{ ANTHROPIC_API_KEY: 'a-123456' }, 'anthropic', 'ANTHROPIC_API_KEY'],
  ])(
    'picks the vendor from the first key in the original order (%#)',
    (env, provider, variable) => {
      const resolved = resolveProviders({ env });
      expect(resolved.chosen.llm).toMatchObject({ provider, reason: `${variable} is set` });
      expect(resolved.languageModel.provider).toBe(provider);
    },
  );

  it('explicit settings beat the environment; env fills model and key', () => {
    const env = {
      OPENAI_API_KEY: 'o-123456',
      DASHSCOPE_API_KEY: 'd-123456',
      DASHSCOPE_MODEL: 'qwen-max',
    };
    const resolved = resolveProviders({ llm: { provider: 'qwen' }, env });
    expect(resolved.chosen.llm).toEqual({
      provider: 'dashscope',
      model: 'qwen-max',
      reason: 'chosen by flag or config',
    });
    expect(resolved.chosen.embeddings).toMatchObject({
      provider: 'dashscope',
      model: 'text-embedding-v4',
      dimensions: 1024,
    });
    expect(
      resolveProviders({ llm: { provider: 'qwen', model: 'qwen-turbo' }, env }).chosen.llm.model,
    ).toBe('qwen-turbo');
  });

  it('flag > config > env > offline, field by field', () => {
    const env = { OPENAI_API_KEY: 'o-123456', OPENAI_CHAT_MODEL: 'gpt-from-env' };
    const flags = { model: 'gpt-from-flag' };
    const config = { provider: 'openai', model: 'gpt-from-config', timeoutMs: 5000 };
    expect(resolveProviders({ llm: [flags, config], env }).chosen.llm.model).toBe('gpt-from-flag');
    expect(resolveProviders({ llm: [{}, config], env }).chosen.llm.model).toBe('gpt-from-config');
    expect(resolveProviders({ llm: [{}, { provider: 'openai' }], env }).chosen.llm.model).toBe(
      'gpt-from-env',
    );
    expect(resolveProviders({ llm: [{}, {}], env: {} }).chosen.llm.provider).toBe('mock');
    // A flag naming another vendor drops the config's vendor-specific fields.
    expect(
      mergeModelSettings([
        { provider: 'glm' },
        { provider: 'openai', model: 'gpt-x', apiKey: 'k' },
      ]),
    ).toEqual({ provider: 'glm' });
    expect(
      mergeModelSettings([{ provider: 'qwen' }, { provider: 'dashscope', model: 'qwen-max' }]),
    ).toEqual({
      provider: 'qwen',
      model: 'qwen-max',
    });
  });

  it('embeddings follow the LLM vendor as in the original', () => {
    expect(
      resolveProviders({ env: { ZHIPUAI_API_KEY: 'z-123456' } }).chosen.embeddings,
    ).toMatchObject({
      provider: 'glm',
      model: 'embedding-3',
    });
    expect(
      resolveProviders({ env: { INTERNLM_API_KEY: 'i-123456' } }).chosen.embeddings.provider,
    ).toBe('hashing');
    expect(resolveProviders({ env: { OPENAI_API_KEY: 'o-123456' } }).chosen.embeddings.model).toBe(
      'text-embedding-3-small',
    );
    expect(
      resolveProviders({ env: { ANTHROPIC_API_KEY: 'a-123456' } }).chosen.embeddings.provider,
    ).toBe('hashing');
    expect(
      resolveProviders({
        llm: { provider: 'anthropic' },
        env: { ANTHROPIC_API_KEY: 'a-123456', OPENAI_API_KEY: 'o-123456' },
      }).chosen.embeddings,
    ).toMatchObject({
      provider: 'openai',
      reason: 'default for the anthropic LLM: OPENAI_API_KEY is set',
    });
    const generic = {
      AUTOSKILL_GENERIC_LLM_URL: 'http://127.0.0.1:9/v1',
      AUTOSKILL_GENERIC_LLM_MODEL: 'llama3',
    };
    expect(resolveProviders({ env: generic }).chosen.embeddings.provider).toBe('hashing');
    expect(
      resolveProviders({
        env: { ...generic, AUTOSKILL_GENERIC_EMBEDDINGS_MODEL: 'nomic-embed-text' },
      }).chosen.embeddings,
    ).toMatchObject({ provider: 'generic', model: 'nomic-embed-text' });
  });

  it('explicit embeddings: none, hashing with dimensions, another vendor', () => {
    const none = resolveProviders({ embeddings: { provider: 'off' }, env: {} });
    expect(isEmbeddingDisabled(none.embeddingModel)).toBe(true);
    expect(
      resolveProviders({ embeddings: { provider: 'hashing', dimensions: 64 }, env: {} })
        .embeddingModel.dimensions,
    ).toBe(64);
    const mixed = resolveProviders({
      llm: { provider: 'dashscope', apiKey: 'flag-key-123' },
      embeddings: { provider: 'openai' },
      env: { OPENAI_API_KEY: 'o-123456' },
    });
    expect(mixed.chosen.embeddings).toMatchObject({
      provider: 'openai',
      reason: 'chosen by flag or config',
    });
  });

  it('a base URL alone selects the generic provider', () => {
    const resolved = resolveProviders({
      llm: { baseUrl: 'http://127.0.0.1:9/v1', model: 'qwen2.5' },
      env: {},
    });
    expect(resolved.chosen.llm).toEqual({
      provider: 'generic',
      model: 'qwen2.5',
      reason: 'a base URL was given',
    });
  });

  it('explains bad choices', () => {
    expect(() => resolveProviders({ llm: { provider: 'gemini' }, env: {} })).toThrow(
      /unknown "gemini"; expected one of .*dashscope\/qwen/,
    );
    expect(() => resolveProviders({ embeddings: { provider: 'word2vec' }, env: {} })).toThrow(
      /unknown "word2vec"/,
    );
    expect(() => resolveProviders({ llm: { provider: 'openai' }, env: {} })).toThrow(
      /set OPENAI_API_KEY/,
    );
    expect(() => resolveProviders({ llm: { provider: 'generic' }, env: {} })).toThrow(
      /needs a base URL/,
    );
  });

  it('describeChoice never includes a key', () => {
    const resolved = resolveProviders({
      llm: { provider: 'openai', apiKey: 'sk-very-secret-key-999' },
      env: {},
    });
    expect(describeChoice(resolved)).not.toContain('sk-very-secret-key-999');
  });
});
