// `autoskill web` in process: the proxy's server with the studio at `/` (built first when a
// checkout has none), the same flags as `autoskill proxy`, the studio URL on stdout.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, serveInProcess } from './test-support/run-in-process';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-web-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill web', () => {
  it('takes every proxy flag, on port 8000 by default', async () => {
    const help = await runInProcess(['web', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--keys-file',
      '--proxy-api-key',
      '--store-dir',
      '--llm-provider',
      '--workers',
      '--no-open',
    ])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).toMatch(/--port <n>[\s\S]*default: 8000/);
    const bad = await runInProcess(['web', '--port', 'x']);
    expect(bad.code).toBe(2);
  });

  it('serves the studio and the API on one port and stops when asked', {
    tags: ['slow'],
  }, async () => {
    const served = await serveInProcess(
      ['web', '--no-open'],
      { AUTOSKILL_WEB_PORT: '0', AUTOSKILL_STORE_DIR: join(directory, 'Skills') },
      /AutoSkill Studio on (http:\/\/\S+)\/ \(API/,
    );
    const { url } = served;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    // Every script and stylesheet comes from this server (no CDN).
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect((await fetch(`${url}${script}`)).status).toBe(200);
    expect(await (await fetch(`${url}/v1/autoskill/whoami`)).json()).toMatchObject({
      user: 'u1',
      auth: 'none',
    });
    expect(await served.stop()).toBe(0);
  });
});
