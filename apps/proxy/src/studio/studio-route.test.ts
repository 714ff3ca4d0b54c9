import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../server/start-proxy';

describe('the studio at /', () => {
  let root: string;
  let autoskill: AutoSkill;
  let proxy: RunningProxy;
  let unbuilt: RunningProxy;
  let bare: RunningProxy;
  const get = (server: RunningProxy, path: string) => fetch(`${server.url}${path}`);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'autoskill-studio-'));
    await mkdir(join(root, 'built', 'assets'), { recursive: true });
    await writeFile(join(root, 'built', 'index.html'), '<!doctype html><title>Studio</title>');
    await writeFile(join(root, 'built', 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'outside');
    autoskill = new AutoSkill({ storeDir: join(root, 'store'), logger: 'silent', env: {} });
    const common = { autoskill, port: 0, config: { proxyApiKey: 'operator-key-123' } };
    proxy = await startProxy({ ...common, studio: { directory: join(root, 'built') } });
    unbuilt = await startProxy({
      ...common,
      studio: { directory: join(root, 'missing'), buildHint: 'Run <pnpm autoskill web>.' },
    });
    bare = await startProxy(common);
  });
  afterAll(async () => {
    await Promise.all([proxy.close(), unbuilt.close(), bare.close()]);
    await autoskill.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves the page with a CSP and no key, assets cached, other paths get the page', async () => {
    const page = await get(proxy, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Studio</title>');

    const script = await get(proxy, '/assets/app-1234.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(await script.text()).toBe('console.log(1)');

    const deep = await get(proxy, '/skills/some-id');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>Studio</title>');
    expect((await get(proxy, '/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the folder and keeps API paths as JSON errors', async () => {
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(proxy, path);
      expect(await response.text()).not.toContain('outside');
    }
    const api = await get(proxy, '/v1/nothing-here');
    expect(api.status).toBe(401);
    const apiWithKey = await fetch(`${proxy.url}/v1/nothing-here`, {
      headers: { authorization: 'Bearer operator-key-123' },
    });
    expect(apiWithKey.status).toBe(404);
    expect((await apiWithKey.json()).error.code).toBe('not_found');
    expect((await get(proxy, '/health')).status).toBe(200);
    expect((await get(proxy, '/openapi.json')).headers.get('content-type')).toContain('json');
  });

  it('says how to build it when the folder holds no build, and is absent without a folder', async () => {
    const page = await get(unbuilt, '/');
    expect(page.status).toBe(503);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Run &lt;pnpm autoskill web>.');
    const none = await get(bare, '/');
    expect(none.status).toBe(404);
    expect((await none.json()).error.code).toBe('not_found');
  });
});
