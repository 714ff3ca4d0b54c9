import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import { parseServedModels } from './served-models';

describe('parseServedModels (--served-models-json / AUTOSKILL_PROXY_MODELS)', () => {
  it('takes the original’s JSON: ids and {id|model, object, owned_by, created}, deduped by id', () => {
    expect(
      parseServedModels(
        '["autoskill", {"model": "team-gpt", "object": "model", "owned_by": "acme", "created": 1700000000}, {"id": "autoskill", "owned_by": "later"}]',
      ),
    ).toEqual([{ id: 'autoskill' }, { id: 'team-gpt', owned_by: 'acme', created: 1700000000 }]);
    expect(parseServedModels('{"id": "solo"}')).toEqual([{ id: 'solo' }]);
  });

  it('keeps the simple comma list working', () => {
    expect(parseServedModels(' a, b,,a ')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it.each([
    ['[{"owned_by": "x"}]', /needs "id" \(or "model"\)/],
    ['[1]', /Invalid served models: \[0\]/],
    ['[{"id": "x"', /not valid JSON/],
  ])('refuses %s with a message saying why', (text, message) => {
    expect(() => parseServedModels(text)).toThrow(message);
  });
});

describe('served models in /v1/models and chat', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  beforeAll(async () => {
    fixture = await startFixture({
      config: {
        extractMode: 'never',
        servedModels: ['autoskill', { id: 'team-gpt', owned_by: 'acme', created: 1700000000 }],
      },
    });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());

  it('lists each model with its owner and date (defaults for plain ids)', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models).toEqual([
      {
        id: 'autoskill',
        object: 'model',
        created: expect.any(Number),
        owned_by: 'autoskill-proxy',
      },
      { id: 'team-gpt', object: 'model', created: 1700000000, owned_by: 'acme' },
    ]);
  });

  it('sends a request naming a served model with the upstream model', async () => {
    await client.chat.completions.create({
      model: 'team-gpt',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(fixture.vendor?.requests.at(-1)?.body).toMatchObject({ model: 'fake-model' });
  });
});
