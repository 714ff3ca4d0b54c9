import { strToU8, unzipSync, zipSync } from 'fflate';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, readSse, startFixture } from '../test-support/proxy-fixture';

const RELEASE =
  'Before each release: run regression -> canary -> monitor -> full rollout. Always do this.';
const SKILL_MD =
  '---\nname: pdf-report\ndescription: "Turn meeting notes into a PDF report with a summary table."\n---\n\n# PDF report\n\n1. Summarise.\n2. Add a table.\n';

describe('skill management, retrieval, extraction and meta routes', () => {
  let fixture: ProxyFixture;
  let skillId: string;
  const user = { 'x-autoskill-user': 'carol' };
  const call = (
    path: string,
    options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${fixture.proxy.url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...user,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'never' } });
  });
  afterAll(() => fixture.close());

  it('imports skill folders sent as JSON files (text and base64), never from server paths', async () => {
    const response = await call('/v1/autoskill/skills/import', {
      body: {
        files: {
          'pdf-report/SKILL.md': SKILL_MD,
          'pdf-report/assets/logo.bin': {
            content: Buffer.from([0, 1, 2, 255]).toString('base64'),
            encoding: 'base64',
          },
        },
      },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, object: 'list', user: 'carol', imported_count: 1 });
    expect(body.data[0]).toMatchObject({
      name: 'pdf-report',
      owner: 'carol',
      resource_paths: ['assets/logo.bin'],
    });
    skillId = body.data[0].id;

    const serverPath = await call('/v1/autoskill/skills/import', {
      body: { root_dir: '/etc', zip_path: '/tmp/x.zip' },
    });
    expect(serverPath.status).toBe(400);
    const traversal = await call('/v1/autoskill/skills/import', {
      body: { files: { '../escape/SKILL.md': SKILL_MD } },
    });
    expect(traversal.status).toBe(400);
    const noSkill = await call('/v1/autoskill/skills/import', {
      body: { files: { 'notes.txt': 'hello' } },
    });
    expect(noSkill.status).toBe(400);
  });

  it('imports an uploaded zip (multipart and raw), skipping hidden and macOS files', async () => {
    const zip = zipSync({
      'tea/SKILL.md': strToU8(
        '---\nname: tea-brewing\ndescription: Brew green tea properly.\n---\n\nUse 80 °C water.\n',
      ),
      'tea/scripts/timer.sh': strToU8('sleep 120\n'),
      '__MACOSX/tea/._SKILL.md': strToU8('junk'),
      'tea/.DS_Store': strToU8('junk'),
    });
    const form = new FormData();
    form.append('file', new Blob([zip], { type: 'application/zip' }), 'tea.zip');
    const multipart = await fetch(`${fixture.proxy.url}/v1/autoskill/skills/import`, {
      method: 'POST',
      headers: user,
      body: form,
    });
    expect(multipart.status).toBe(200);
    const imported = await multipart.json();
    expect(imported.data[0]).toMatchObject({
      name: 'tea-brewing',
      resource_paths: ['scripts/timer.sh'],
    });

    const coffee = zipSync({
      'SKILL.md': strToU8(
        '---\nname: coffee-brewing\ndescription: Pour-over coffee ratio.\n---\n\nUse 1:16.\n',
      ),
    });
    const raw = await fetch(`${fixture.proxy.url}/v1/autoskill/skills/import`, {
      method: 'POST',
      headers: { ...user, 'content-type': 'application/zip' },
      body: coffee,
    });
    expect(raw.status).toBe(200);
    expect((await raw.json()).imported_count).toBe(1);
    const notZip = await fetch(`${fixture.proxy.url}/v1/autoskill/skills/import`, {
      method: 'POST',
      headers: { ...user, 'content-type': 'application/zip' },
      body: 'not a zip',
    });
    expect(notZip.status).toBe(400);
  });

  it('lists, reads, edits, versions, rolls back, exports and deletes a skill', async () => {
    const list = await (await call('/v1/autoskill/skills')).json();
    expect(list.data.map((skill: { name: string }) => skill.name).sort()).toEqual([
      'coffee-brewing',
      'pdf-report',
      'tea-brewing',
    ]);

    const detail = await (await call(`/v1/autoskill/skills/${skillId}?include_md=1`)).json();
    expect(detail.data).toMatchObject({
      id: skillId,
      version: '0.1.0',
      instructions: expect.stringContaining('Add a table'),
    });
    expect(detail.data.skill_md).toMatch(/name: '?pdf-report'?/);
    expect(detail.data.source).toBe('user:carol');
    const md = await (await call(`/v1/autoskill/skills/${skillId}/md`)).json();
    expect(md).toMatchObject({ object: 'skill_md', skill_id: skillId, name: 'pdf-report' });

    const edited = md.skill_md.replace('2. Add a table.', '2. Add a table.\n3. Attach the PDF.');
    const saved = await call(`/v1/autoskill/skills/${skillId}/md`, {
      method: 'PUT',
      body: { skill_md: edited },
    });
    expect(saved.status).toBe(200);
    const savedBody = await saved.json();
    expect(savedBody.data).toMatchObject({
      version: '0.1.1',
      instructions: expect.stringContaining('Attach the PDF'),
    });
    expect(savedBody.history_count).toBe(2);
    expect(
      (
        await call(`/v1/autoskill/skills/${skillId}/md`, {
          method: 'PUT',
          body: { skill_md: '  ' },
        })
      ).status,
    ).toBe(400);

    const versions = await (await call(`/v1/autoskill/skills/${skillId}/versions`)).json();
    expect(
      versions.data.map((entry: { version: string; is_current: boolean }) => [
        entry.version,
        entry.is_current,
      ]),
    ).toEqual([
      ['0.1.0', false],
      ['0.1.1', true],
    ]);

    const rolled = await (
      await call(`/v1/autoskill/skills/${skillId}/rollback`, { body: {} })
    ).json();
    expect(rolled.data.instructions).not.toContain('Attach the PDF');
    expect(rolled.restored_from).toMatchObject({ version: '0.1.0', revision: 1 });
    expect(rolled.history_count).toBe(3);

    const files = await (await call(`/v1/autoskill/skills/${skillId}/export?format=files`)).json();
    expect(files.format).toBe('files');
    expect(files.files['SKILL.md']).toMatch(/name: '?pdf-report'?/);
    expect(files.files['assets/logo.bin']).toEqual({
      content: Buffer.from([0, 1, 2, 255]).toString('base64'),
      encoding: 'base64',
    });
    const mdExport = await (await call(`/v1/autoskill/skills/${skillId}/export?format=md`)).json();
    expect(mdExport.skill_md).toContain('# PDF report');
    const zipResponse = await call(`/v1/autoskill/skills/${skillId}/export?format=zip`);
    expect(zipResponse.headers.get('content-type')).toBe('application/zip');
    const unzipped = unzipSync(new Uint8Array(await zipResponse.arrayBuffer()));
    expect(Object.keys(unzipped).sort()).toEqual([
      'pdf-report/SKILL.md',
      'pdf-report/assets/logo.bin',
    ]);
    const base64 = await (
      await call(`/v1/autoskill/skills/${skillId}/export?format=zip_base64`)
    ).json();
    expect(base64).toMatchObject({ format: 'zip_base64', file_name: 'pdf-report.zip' });
    expect(
      Object.keys(unzipSync(new Uint8Array(Buffer.from(base64.zip_base64, 'base64')))),
    ).toContain('pdf-report/SKILL.md');
    expect((await call(`/v1/autoskill/skills/${skillId}/export?format=docx`)).status).toBe(400);

    const search = await (
      await call('/v1/autoskill/skills/search', {
        body: { query: 'PDF report from meeting notes', limit: 5 },
      })
    ).json();
    expect(search.data[0]).toMatchObject({ id: skillId, source: 'user:carol', rank: 1 });
    expect(search.data_user[0].id).toBe(skillId);
    expect((await call('/v1/autoskill/skills/search', { body: { query: '' } })).status).toBe(400);

    const deleted = await call(`/v1/autoskill/skills/${skillId}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ ok: true, deleted: true, skill_id: skillId });
    expect((await call(`/v1/autoskill/skills/${skillId}`)).status).toBe(404);
  });

  it('previews retrieval with the reason for every hit', async () => {
    const preview = await (
      await call('/v1/autoskill/retrieval/preview', {
        body: { query: 'How do I brew green tea?', limit: 1, min_score: 0 },
      })
    ).json();
    expect(preview).toMatchObject({
      object: 'retrieval_preview',
      user: 'carol',
      latest_user_query: 'How do I brew green tea?',
      context_injected: true,
    });
    expect(preview.hits[0]).toMatchObject({
      name: 'tea-brewing',
      injected: true,
      reason: 'injected',
    });
    expect(preview.context).toContain('Use 80 °C water.');
    expect(preview.selected_skills[0].name).toBe('tea-brewing');
    const strict = await (
      await call('/v1/autoskill/retrieval/preview', {
        body: { query: 'How do I brew green tea?', min_score: 0.99 },
      })
    ).json();
    expect(strict.hits[0].reason).toMatch(/below min_score 0.99/);
    expect((await call('/v1/autoskill/retrieval/preview', { body: {} })).status).toBe(400);
  });

  it('pushes an extraction job through scheduled → running → completed over SSE', async () => {
    // Hold the user's first job (learning a skill embeds it) so the second one is visibly
    // queued, then let both run. The gate sits on the runtime's embedding model: a public seam.
    const model = (await fixture.autoskill.ready()).embeddingModel;
    const original = model.doEmbed.bind(model);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    model.doEmbed = async (options) => {
      held = true;
      await gate;
      return original(options);
    };
    try {
      const first = await (
        await call('/v1/autoskill/extractions', {
          body: { query: 'Always cite sources as [n] footnotes in every report.' },
        })
      ).json();
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
      const scheduled = await call('/v1/autoskill/extractions', {
        body: { messages: [{ role: 'user', content: RELEASE }], hint: 'release steps' },
      });
      expect(scheduled.status).toBe(202);
      const job = (await scheduled.json()).data;
      expect(job).toMatchObject({ status: 'scheduled', user_id: 'carol', trigger: 'extract_now' });

      const events = await call(`/v1/autoskill/extractions/${job.job_id}/events`);
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      const firstChunk = new TextDecoder().decode((await reader.read()).value);
      expect(firstChunk).toContain('"status":"scheduled"');
      release();
      let rest = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += new TextDecoder().decode(value);
      }
      const frames = await readSse(new Response(firstChunk + rest));
      const statuses = frames
        .filter((frame) => frame.event === 'update')
        .map((frame) => JSON.parse(frame.data).status);
      expect(statuses).toEqual(['scheduled', 'running', 'completed']);
      const done = frames.find((frame) => frame.event === 'done');
      expect(JSON.parse(done?.data as string)).toMatchObject({
        status: 'completed',
        added: [{ name: 'standard-release-process' }],
      });
      expect(frames.at(-1)?.data).toBe('[DONE]');

      const got = await (await call(`/v1/autoskill/extractions/${job.job_id}`)).json();
      expect(got.data.status).toBe('completed');
      const latest = await (await call('/v1/autoskill/extractions/latest')).json();
      expect(latest.data.job_id).toBe(job.job_id);
      const list = await (await call('/v1/autoskill/extractions?limit=5')).json();
      expect(list.data.map((event: { job_id: string }) => event.job_id)).toEqual([
        job.job_id,
        first.data.job_id,
      ]);
      expect((await call('/v1/autoskill/extractions/job_missing')).status).toBe(404);
    } finally {
      model.doEmbed = original;
      release();
    }
  });

  it('waits for an extraction with wait=true and closes SSE at once for a finished job', async () => {
    const finished = await (
      await call('/v1/autoskill/extractions', {
        body: { query: 'Always cite sources as [n] footnotes in every report.', wait: true },
      })
    ).json();
    expect(['completed', 'failed']).toContain(finished.data.status);
    const frames = await readSse(
      await call(`/v1/autoskill/extractions/${finished.data.job_id}/events`),
    );
    expect(frames.map((frame) => frame.event ?? frame.data)).toEqual(['update', 'done', '[DONE]']);
  });

  it('simulates extraction without saving anything', async () => {
    const before = (await fixture.autoskill.list({ userId: 'sim' })).length;
    const simulation = await (
      await call('/v1/autoskill/extractions/simulate', {
        body: { messages: [{ role: 'user', content: RELEASE }] },
        headers: { 'x-autoskill-user': 'sim' },
      })
    ).json();
    expect(simulation).toMatchObject({ object: 'extraction_simulation', user: 'sim', count: 1 });
    expect(simulation.skills[0]).toMatchObject({
      name: 'standard-release-process',
      instructions: expect.stringContaining('Canary'),
    });
    expect((await fixture.autoskill.list({ userId: 'sim' })).length).toBe(before);
  });

  it('simulates nothing for one-off requests and a standing preference for every answer', async () => {
    const simulate = async (content: string) =>
      (
        await call('/v1/autoskill/extractions/simulate', {
          body: { messages: [{ role: 'user', content }] },
          headers: { 'x-autoskill-user': 'sim' },
        })
      ).json();
    for (const oneOff of [
      'Write a haiku about spring without emojis.',
      'Give me an answer about bullet points style for HTTP caching',
    ])
      expect(await simulate(oneOff), oneOff).toMatchObject({ count: 0, skills: [] });
    const standing = await simulate('以后回答都用中文，不要用表情符号。');
    expect(standing.skills[0]).toMatchObject({ name: 'answer-preferences', title: '回答偏好' });
  });

  it('reports and rebuilds the vector index', async () => {
    const status = await (await call('/v1/autoskill/vectors/status')).json();
    expect(status.data).toMatchObject({ totalSkills: expect.any(Number), missingSkills: 0 });
    const rebuilt = await (
      await call('/v1/autoskill/vectors/rebuild', { body: { force: true } })
    ).json();
    expect(rebuilt).toMatchObject({
      ok: true,
      object: 'vector_rebuild',
      data: { force: true, blocking: true },
    });
    expect(rebuilt.data.rebuilt).toBe(rebuilt.data.status.totalSkills);
  });

  it('serves models, embeddings, health and capabilities', async () => {
    const client = new OpenAI({
      baseURL: `${fixture.proxy.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
    });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['fake-model']);
    const embedding = await client.embeddings.create({
      model: 'any',
      input: ['first text', 'second text'],
    });
    expect(embedding.data).toHaveLength(2);
    expect(embedding.data[0]?.embedding).toHaveLength(256);
    expect(embedding.data[0]?.embedding).not.toEqual(embedding.data[1]?.embedding);
    expect(await (await call('/health')).json()).toEqual({ ok: true });
    const capabilities = await (await call('/v1/autoskill/capabilities')).json();
    expect(capabilities).toMatchObject({
      object: 'autoskill.capabilities',
      data: {
        chat: { path: '/v1/chat/completions', stream: true, passthrough: 'full' },
        skills: { import: '/v1/autoskill/skills/import' },
      },
    });
  });

  it('publishes an OpenAPI 3.1 document with schemas generated from the validators for every route', async () => {
    const document = await (await call('/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    for (const route of fixture.proxy.routes) {
      const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
      expect(document.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const chat = document.paths['/v1/chat/completions'].post;
    expect(chat.requestBody.content['application/json'].schema.required).toContain('messages');
    const search =
      document.paths['/v1/autoskill/skills/search'].post.requestBody.content['application/json']
        .schema;
    expect(Object.keys(search.properties)).toEqual(
      expect.arrayContaining(['query', 'scope', 'limit', 'min_score']),
    );
    const exportParameters = document.paths['/v1/autoskill/skills/{id}/export'].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(exportParameters).toEqual(['id', 'user', 'format']);
    expect(
      document.paths['/v1/autoskill/skills/{id}'].get.responses['200'].content['application/json']
        .schema.properties.data.required,
    ).toContain('instructions');
  });
});
