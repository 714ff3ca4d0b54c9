import { fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';

// Issue 14: through the proxy, a preference stated once applies to the next, unrelated request.
describe('standing preferences through the proxy', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  beforeAll(async () => {
    fixture = await startFixture({ config: { servedModels: ['autoskill'] } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());

  async function ask(content: string) {
    fixture.vendor?.script(fakeReply('- Sure.'));
    const answer = await client.chat.completions.create({
      model: 'autoskill',
      user: 'dana',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content },
      ],
    });
    return (answer as unknown as { autoskill: any }).autoskill;
  }

  it('injects "always answer in bullet points" into "Explain how DNS works." and says why', async () => {
    const stated = await ask('From now on, always answer in bullet points and never use emojis.');
    const job = await fixture.autoskill.learning.waitFor(stated.extraction.job_id);
    expect(job.result?.added[0]).toMatchObject({ name: 'answer-preferences' });

    const dns = await ask('Explain how DNS works.');
    expect(dns.retrieval.rewritten_query).toBeNull();
    expect(dns.retrieval.hits[0]).toMatchObject({
      name: 'answer-preferences',
      injected: true,
      standing: true,
      reason: 'injected: standing preference',
    });
    const sent = fixture.vendor?.requests.at(-1)?.body as { messages: Array<{ content: string }> };
    expect(sent.messages.at(-2)?.content).toContain('Always answer in bullet points');
    // The vendor saw the two answers and nothing else.
    expect(
      fixture.vendor?.requests.filter((request) => request.path.endsWith('/chat/completions')),
    ).toHaveLength(2);
  });
});
