import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../../test-support/proxy-fixture';

describe('skill import: a multipart upload as browsers send it', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'none', config: { extractMode: 'never' } });
  });
  afterAll(() => fixture.close());

  it('keeps the case of the boundary (Chrome: ----WebKitFormBoundaryXTOpgv…)', async () => {
    const zip = zipSync({
      'tea/SKILL.md': strToU8(
        '---\nname: tea-brewing\ndescription: Brew green tea.\n---\n\nUse 80 °C water.\n',
      ),
    });
    const boundary = '----WebKitFormBoundaryXTOpgvRvCYx8BUbn';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tea.zip"\r\nContent-Type: application/zip\r\n\r\n`,
      ),
      Buffer.from(zip),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await fetch(`${fixture.proxy.url}/v1/autoskill/skills/import`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(200);
    expect((await response.json()).data[0]).toMatchObject({ name: 'tea-brewing' });
  });
});
