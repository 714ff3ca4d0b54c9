import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { crc32, inflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../../test-support/proxy-fixture';
import { craftZip, deflateBomb, skillMd } from './test-support/craft-zip';

// Hostile and broken uploads to POST /v1/autoskill/skills/import (issue 11, defects 1 and 5):
// every one gets a 4xx in OpenAI's error shape naming the offending entry, never a server path,
// and the proxy keeps answering meanwhile.

let fixture: ProxyFixture;
const headers = { 'x-autoskill-user': 'mallory' };
const IMPORT = '/v1/autoskill/skills/import';

beforeAll(async () => {
  fixture = await startFixture({ vendor: 'none', config: { extractMode: 'never' } });
});
afterAll(() => fixture.close());

async function postZip(zip: Uint8Array): Promise<Response> {
  const send = () =>
    fetch(`${fixture.proxy.url}${IMPORT}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/zip' },
      body: zip,
    });
  try {
    return await send();
  } catch (error) {
    // A kept-alive socket the server closed while the test built a large zip (seconds on a
    // loaded machine): the request never reached the proxy, so it is sent again once.
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return send();
  }
}

function postJson(files: Record<string, unknown>): Promise<Response> {
  return fetch(`${fixture.proxy.url}${IMPORT}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ files }),
  });
}

/** A raw multipart request (fetch would fix up a broken body). */
function postMultipart(contentType: string, body: string | Uint8Array): Promise<Response> {
  return fetch(`${fixture.proxy.url}${IMPORT}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body,
  });
}

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Asserts a 4xx in OpenAI's shape whose message names `entry` (when given) and no server path. */
async function expectRefusal(response: Response, status: number, entry?: string): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error).toMatchObject({ type: 'invalid_request_error' });
  expect(typeof body.error.message).toBe('string');
  if (entry !== undefined) expect(body.error.message).toContain(entry);
  expectNoServerPath(text);
  return body.error.message;
}

function expectNoServerPath(text: string): void {
  expect(text).not.toContain(fixture.storeDir);
  expect(text).not.toContain(tmpdir());
  expect(text).not.toMatch(/autoskill-upload-/);
}

/** The longest the event loop was blocked while `work` ran, in ms. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockedMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, blockedMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

describe('zip bombs and oversized archives (defect 1)', () => {
  it('refuses an entry that declares 100 bytes but inflates to 1 GB with a 413, and /health answers meanwhile', {
    tags: ['slow'],
  }, async () => {
    const zip = craftZip([
      { name: 'bomb/SKILL.md', content: skillMd('bomb') },
      { name: 'bomb/references/pad.md', raw: deflateBomb(1 << 30), declaredSize: 100 },
    ]);
    expect(zip.length).toBeLessThan(1_100_000);
    const { result, blockedMs } = await longestBlock(async () => {
      const upload = postZip(zip);
      const health: Response[] = [];
      let done = false;
      const polling = (async () => {
        while (!done) health.push(await fetch(`${fixture.proxy.url}/health`));
      })();
      const response = await upload;
      done = true;
      await polling;
      return { response, health };
    });
    const message = await expectRefusal(result.response, 413, 'bomb/references/pad.md');
    expect(message).toMatch(/more than 1000000 bytes/);
    expect(result.health.every((response) => response.status === 200)).toBe(true);
    // Inflating 1 GB on the request thread blocked /health for ~4 s; the output is now capped
    // at 1 MB per entry and inflated off the main thread. A wide margin, not a benchmark.
    expect(blockedMs).toBeLessThan(1_000);
    expect(await fixture.autoskill.list({ userId: 'mallory', scope: 'user' })).toEqual([]);
  });

  it('caps the real output of the whole archive (many entries under the per-file cap)', {
    tags: ['slow'],
  }, async () => {
    // Each entry is honest but for its declared size (CRC right), so only the total cap stops it.
    const raw = deflateBomb(999_000);
    const crc = crc32(inflateRawSync(raw));
    const entries = Array.from({ length: 60 }, (_, index) => ({
      name: `many/references/part-${index}.md`,
      raw,
      crc,
      declaredSize: 100,
    }));
    const zip = craftZip([{ name: 'many/SKILL.md', content: skillMd('many') }, ...entries]);
    const message = await expectRefusal(await postZip(zip), 413);
    expect(message).toMatch(/unpacks to more than 50000000 bytes/);
  });

  it('refuses a zip with 100,000 tiny entries before inflating any', {
    tags: ['slow'],
  }, async () => {
    const entries = Array.from({ length: 100_000 }, (_, index) => ({
      name: `${index.toString(36)}`,
      content: '',
      method: 0,
    }));
    const message = await expectRefusal(await postZip(craftZip(entries)), 413);
    expect(message).toMatch(/more than \d+ entries/);
  });

  it('keeps a nested zip as one resource file and never unpacks it', async () => {
    const inner = zipSync({ 'inner/SKILL.md': strToU8(skillMd('inner')) });
    const zip = zipSync({
      'outer/SKILL.md': strToU8(skillMd('outer-skill')),
      'outer/assets/inner.zip': inner,
    });
    const response = await postZip(zip);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.map((skill: { name: string }) => skill.name)).toEqual(['outer-skill']);
    expect(body.data[0].resource_paths).toEqual(['assets/inner.zip']);
  });
});

describe('zips whose central directory lies (defect 1)', () => {
  const good = () => [
    { name: 'liar/SKILL.md', content: skillMd('liar') },
    { name: 'liar/notes.md', content: 'notes '.repeat(50) },
  ];

  it('refuses offsets that point outside the entries', async () => {
    await expectRefusal(await postZip(craftZip(good(), { offsetShift: 7 })), 400);
  });

  it('refuses entries that share their data (overlapping local headers)', async () => {
    await expectRefusal(await postZip(craftZip(good(), { allPointAt: 0 })), 400);
  });

  it('refuses an entry count that differs from the central directory', async () => {
    await expectRefusal(await postZip(craftZip(good(), { declaredCount: 1 })), 400);
  });

  it('refuses a local name that differs from the central one', async () => {
    const entries = good();
    await expectRefusal(
      await postZip(
        craftZip([
          { ...(entries[0] as object), name: 'liar/SKILL.md', localName: 'liar/EVIL.md' },
          entries[1] as { name: string },
        ]),
      ),
      400,
      'liar/SKILL.md',
    );
  });

  it('refuses a wrong CRC, a truncated archive, encryption and unknown methods', async () => {
    await expectRefusal(
      await postZip(craftZip([{ name: 'crc/SKILL.md', content: skillMd('crc'), crc: 1234 }])),
      400,
      'crc/SKILL.md',
    );
    const whole = craftZip(good());
    await expectRefusal(await postZip(whole.subarray(0, Math.floor(whole.length / 2))), 400);
    const bombHead = craftZip([
      { name: 'cut/SKILL.md', raw: deflateBomb(4 << 20).subarray(0, 500), declaredSize: 100 },
    ]);
    await expectRefusal(await postZip(bombHead), 400, 'cut/SKILL.md');
    await expectRefusal(
      await postZip(craftZip([{ name: 'enc/SKILL.md', content: skillMd('enc'), flags: 0x801 }])),
      415,
      'enc/SKILL.md',
    );
    await expectRefusal(
      await postZip(craftZip([{ name: 'bz/SKILL.md', raw: new Uint8Array(40), method: 12 }])),
      415,
      'bz/SKILL.md',
    );
  });
});

describe('bad input is a 4xx naming the entry, never a 500 or a server path (defect 5)', () => {
  const long = `${'n'.repeat(300)}.md`;

  it('refuses a path segment over 255 bytes (zip and JSON alike)', async () => {
    await expectRefusal(
      await postJson({ 'x/SKILL.md': skillMd('x'), [`x/${long}`]: 'too long' }),
      400,
      long.slice(0, 40),
    );
    await expectRefusal(
      await postZip(zipSync({ 'x/SKILL.md': strToU8(skillMd('x')), [`x/${long}`]: strToU8('y') })),
      400,
      long.slice(0, 40),
    );
    await expectRefusal(await postJson({ [`${long}/SKILL.md`]: skillMd('x') }), 400);
  });

  it('refuses a file that is also a folder (`x` and `x/SKILL.md`)', async () => {
    const zip = craftZip([
      { name: 'x', content: 'a file' },
      { name: 'x/SKILL.md', content: skillMd('x') },
    ]);
    await expectRefusal(await postZip(zip), 400, '"x"');
    await expectRefusal(await postJson({ x: 'a file', 'x/SKILL.md': skillMd('x') }), 400, '"x"');
  });

  it('refuses a zip naming the same file twice', async () => {
    const zip = craftZip([
      { name: 'twice/SKILL.md', content: skillMd('twice') },
      { name: 'twice/SKILL.md', content: skillMd('twice', 'Other.') },
    ]);
    await expectRefusal(await postZip(zip), 400, 'twice/SKILL.md');
  });

  it('refuses malformed multipart bodies with a 400', async () => {
    const zip = zipSync({ 'm/SKILL.md': strToU8(skillMd('multi')) });
    const part = (boundary: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n`;
    await expectRefusal(await postMultipart('multipart/form-data', 'no boundary'), 400);
    await expectRefusal(await postMultipart('multipart/form-data; boundary=xyz', 'garbage'), 400);
    // Truncated: no closing boundary.
    await expectRefusal(
      await postMultipart(
        'multipart/form-data; boundary=xyz',
        Buffer.concat([Buffer.from(part('xyz')), Buffer.from(zip)]),
      ),
      400,
    );
    // Well formed but without the "file" field.
    await expectRefusal(
      await postMultipart(
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="user"\r\n\r\nmallory\r\n--xyz--\r\n',
      ),
      400,
    );
    // And a good one still works.
    const good = await postMultipart(
      'multipart/form-data; boundary=xyz',
      Buffer.concat([Buffer.from(part('xyz')), Buffer.from(zip), Buffer.from('\r\n--xyz--\r\n')]),
    );
    expect(good.status).toBe(200);
    expect((await good.json()).data[0].name).toBe('multi');
  });

  it('refuses zip-slip and absolute paths in zips exactly as in JSON imports', async () => {
    for (const name of ['../escape/SKILL.md', 'ok/../../escape/SKILL.md', '/etc/cron.d/SKILL.md']) {
      await expectRefusal(
        await postZip(craftZip([{ name, content: skillMd('escape') }])),
        400,
        name,
      );
      await expectRefusal(await postJson({ [name]: skillMd('escape') }), 400, name);
    }
  });

  it('skips hidden and macOS entries in zips and JSON alike, and says so', async () => {
    const zip = zipSync({
      'tea/SKILL.md': strToU8(skillMd('tea-skill')),
      'tea/.DS_Store': strToU8('junk'),
      '__MACOSX/tea/._SKILL.md': strToU8('junk'),
    });
    const fromZip = await postZip(zip);
    expect(fromZip.status).toBe(200);
    const zipBody = await fromZip.json();
    const fromJson = await postJson({
      'tea/SKILL.md': skillMd('tea-skill'),
      'tea/.DS_Store': 'junk',
      '__MACOSX/tea/._SKILL.md': 'junk',
    });
    expect(fromJson.status).toBe(200);
    const jsonBody = await fromJson.json();
    for (const body of [zipBody, jsonBody]) {
      expect(body.skipped).toEqual(
        expect.arrayContaining([
          { path: 'tea/.DS_Store', reason: expect.stringMatching(/hidden/) },
          { path: '__MACOSX/tea/._SKILL.md', reason: expect.stringMatching(/macOS/) },
        ]),
      );
    }
  });

  it('names a broken SKILL.md by its upload path, not a server path', async () => {
    const response = await postJson({
      'broken/SKILL.md': '---\nname: [unclosed\n---\n',
      'fine/SKILL.md': skillMd('fine-skill'),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expectNoServerPath(text);
    const body = JSON.parse(text);
    expect(body.skipped).toEqual([
      { path: 'broken', reason: expect.stringContaining('broken/SKILL.md') },
    ]);
  });
});

describe('slow and never-ending uploads', () => {
  it('answers /health while a multipart body never ends', async () => {
    const url = new URL(`${fixture.proxy.url}${IMPORT}`);
    const hanging = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    hanging.on('error', () => {});
    hanging.write('--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\n');
    hanging.write(Buffer.alloc(64_000, 1));
    const health = await fetch(`${fixture.proxy.url}/health`);
    expect(health.status).toBe(200);
    hanging.destroy();
  });
});

describe('re-importing an upload (defect 6)', () => {
  it('keeps one skill and one revision; changed content is a new revision of it', async () => {
    const headersOf = { ...headers, 'x-autoskill-user': 'reimporter' };
    const send = (body: string) =>
      fetch(`${fixture.proxy.url}${IMPORT}`, {
        method: 'POST',
        headers: { ...headersOf, 'content-type': 'application/zip' },
        body: zipSync({
          'again/SKILL.md': strToU8(skillMd('again-skill', body)),
          'again/references/notes.md': strToU8('notes\n'),
        }),
      }).then((response) => response.json());
    const first = await send('One.');
    const second = await send('One.');
    expect(first).toMatchObject({ imported_count: 1, unchanged_count: 0 });
    expect(second).toMatchObject({ imported_count: 1, unchanged_count: 1 });
    expect(second.data[0].id).toBe(first.data[0].id);
    const changed = await send('One.\n2. Two.');
    expect(changed).toMatchObject({ imported_count: 1, unchanged_count: 0 });
    expect(changed.data[0].id).toBe(first.data[0].id);
    const list = await (
      await fetch(`${fixture.proxy.url}/v1/autoskill/skills?scope=user`, { headers: headersOf })
    ).json();
    expect(list.data).toHaveLength(1);
    const versions = await (
      await fetch(`${fixture.proxy.url}/v1/autoskill/skills/${first.data[0].id}/versions`, {
        headers: headersOf,
      })
    ).json();
    expect(versions.data).toHaveLength(2);
  });
});
