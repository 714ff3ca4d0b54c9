import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../../test-support/proxy-fixture';

describe('GET /v1/autoskill/skills/{id}/md?revision=N', () => {
  let fixture: ProxyFixture;
  let id: string;
  const md = (query: string, user = 'dana') =>
    fetch(`${fixture.proxy.url}/v1/autoskill/skills/${id}/md${query}`, {
      headers: { 'x-autoskill-user': user },
    });

  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'none', config: { extractMode: 'never' } });
    id = await seedSkill(fixture.autoskill, {
      name: 'tea-notes',
      description: 'How to brew tea.',
      body: 'Use 80 °C water.',
      userId: 'dana',
    });
    const current = await (await md('')).json();
    await fetch(`${fixture.proxy.url}/v1/autoskill/skills/${id}/md`, {
      method: 'PUT',
      headers: { 'x-autoskill-user': 'dana', 'content-type': 'application/json' },
      body: JSON.stringify({ skill_md: current.skill_md.replace('80 °C', '75 °C') }),
    });
  });
  afterAll(() => fixture.close());

  it('returns any kept revision (the diff base of the studio), 404 for others and for other users', async () => {
    const first = await (await md('?revision=1')).json();
    const second = await (await md('?revision=2')).json();
    const current = await (await md('')).json();
    expect(first).toMatchObject({ revision: 1, version: '0.1.0' });
    expect(first.skill_md).toContain('80 °C');
    expect(second.skill_md).toContain('75 °C');
    expect(current).toMatchObject({ revision: 2, skill_md: second.skill_md });
    expect((await md('?revision=9')).status).toBe(404);
    expect((await md('?revision=zero')).status).toBe(400);
    expect((await md('?revision=1', 'erin')).status).toBe(404);
  });

  it('refuses a save based on an old revision with 409 (expected_revision), accepts the current one', async () => {
    const put = (expected: number) =>
      fetch(`${fixture.proxy.url}/v1/autoskill/skills/${id}/md`, {
        method: 'PUT',
        headers: { 'x-autoskill-user': 'dana', 'content-type': 'application/json' },
        body: JSON.stringify({
          skill_md: first.replace('80 °C', '70 °C'),
          expected_revision: expected,
        }),
      });
    const first = (await (await md('?revision=1')).json()).skill_md as string;
    const stale = await put(1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({
      code: 'conflict',
      param: 'expected_revision',
    });
    const current = await put(2);
    expect(current.status).toBe(200);
    expect((await current.json()).data.revision).toBe(3);
  });
});
