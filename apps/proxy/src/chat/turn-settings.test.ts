import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../test-support/proxy-fixture';

describe('per-request turn settings (X-AutoSkill-Top-K / -Min-Score / -Rewrite-Mode / -Extract-Mode)', () => {
  let fixture: ProxyFixture;
  const chat = (headers: Record<string, string>) =>
    fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-autoskill-user': 'ivy', ...headers },
      body: JSON.stringify({
        model: 'fake-model',
        messages: [{ role: 'user', content: 'How do we ship a release safely?' }],
      }),
    });

  beforeAll(async () => {
    fixture = await startFixture({
      vendor: 'none',
      config: { extractMode: 'always', retrievalCacheTtlMs: 0 },
    });
    await seedSkill(fixture.autoskill, {
      name: 'release-process',
      description: 'How to ship a release safely: regression, canary, monitor, full rollout.',
      body: 'Before each release: run regression -> canary -> monitor -> full rollout.',
      userId: 'ivy',
    });
  });
  afterAll(() => fixture.close());

  it('uses the config when no header is sent', async () => {
    const body = await (await chat({})).json();
    expect(body.autoskill.retrieval).toMatchObject({ top_k: 1, min_score: 0, scope: 'all' });
    expect(body.autoskill.retrieval.hits[0]).toMatchObject({ injected: true });
    expect(body.autoskill.extraction).not.toBeNull();
  });

  it('overrides top_k, min_score, rewrite mode and extract mode for one request', async () => {
    const none = await (await chat({ 'x-autoskill-top-k': '0' })).json();
    expect(none.autoskill.retrieval.top_k).toBe(0);
    expect(none.autoskill.retrieval.hits.every((hit: { injected: boolean }) => !hit.injected)).toBe(
      true,
    );
    const strict = await (await chat({ 'x-autoskill-min-score': '0.99' })).json();
    expect(strict.autoskill.retrieval.min_score).toBe(0.99);
    expect(strict.autoskill.retrieval.context_injected).toBe(false);
    const settings = await (
      await chat({ 'x-autoskill-rewrite-mode': 'never', 'x-autoskill-extract-mode': 'never' })
    ).json();
    expect(settings.autoskill.retrieval.rewrite_mode).toBe('never');
    expect(settings.autoskill.extraction).toBeNull();
    // The next request without headers is back to the config.
    const again = await (await chat({})).json();
    expect(again.autoskill.retrieval.context_injected).toBe(true);
  });

  it('answers a bad header with a 400 naming it', async () => {
    for (const [header, value] of [
      ['x-autoskill-top-k', '1.5'],
      ['x-autoskill-top-k', '99'],
      ['x-autoskill-min-score', 'high'],
      ['x-autoskill-rewrite-mode', 'sometimes'],
      ['x-autoskill-extract-mode', 'later'],
      ['x-autoskill-scope', 'everyone'],
    ] as const) {
      const response = await chat({ [header]: value });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.param.toLowerCase()).toBe(header);
    }
  });
});
