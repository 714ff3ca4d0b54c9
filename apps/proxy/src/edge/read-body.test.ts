import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import { readBody, webBodySource } from './read-body';

/** A raw POST with a Content-Length (no client streams it in its own way). */
function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-autoskill-user': 'big',
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

describe('readBody, the one request-body reader', () => {
  it('returns the bytes of a Node or a web stream, whatever the chunks', async () => {
    const chunks = ['{"a":', '"你好"}'].map((text) => Buffer.from(text));
    expect((await readBody(Readable.from(chunks), 1000)).toString('utf8')).toBe('{"a":"你好"}');
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    expect((await readBody(webBodySource(web), 1000)).toString('utf8')).toBe('{"a":"你好"}');
    expect((await readBody(webBodySource(null), 1000)).length).toBe(0);
  });

  it('refuses a body over the limit with 413 as soon as it is counted', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1024));
    await expect(readBody(Readable.from(chunks), 4096)).rejects.toMatchObject({
      status: 413,
      code: 'request_too_large',
    });
  });

  it('answers 499 when the body stops before its end', async () => {
    const source = new Readable({ read() {} });
    const reading = readBody(source, 1000);
    source.push(Buffer.from('{"half":'));
    source.destroy();
    await expect(reading).rejects.toMatchObject({ status: 499 });
  });
});

describe('large bodies through the server (issue 11)', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'none', config: { extractMode: 'never' } });
  });
  afterAll(() => fixture.close());

  it('answers a 200,000-character JSON import sent with a Content-Length', async () => {
    const json = (filler: string) =>
      JSON.stringify({
        files: {
          'big-skill/SKILL.md': `---\nname: big-skill\ndescription: A long skill.\n---\n\n${filler}\n`,
        },
      });
    const body = json('a'.repeat(200_000 - json('').length));
    expect(body.length).toBe(200_000);
    const response = await post(`${fixture.proxy.url}/v1/autoskill/skills/import`, body);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, imported_count: 1 });
  });

  it('reads a large chat body the same way', async () => {
    const messages = [
      { role: 'system', content: 'x'.repeat(200_000) },
      { role: 'user', content: 'hi' },
    ];
    const response = await post(
      `${fixture.proxy.url}/v1/chat/completions`,
      JSON.stringify({ messages }),
    );
    expect(response.status).toBe(200);
  });
});
