import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AutoSkillError } from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachCorpus } from '../../../fixtures/corpora';
import { AutoSkill, type Logger } from './index';

const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(line),
    warn: (line) => lines.push(line),
    error: (line) => lines.push(line),
  };
}

let directory: string;
const open: AutoSkill[] = [];
function client(options: ConstructorParameters<typeof AutoSkill>[0] = {}): AutoSkill {
  const autoskill = new AutoSkill({
    storeDir: join(directory, 'Skills'),
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
    ...options,
  });
  open.push(autoskill);
  return autoskill;
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-sdk-'));
});
afterEach(async () => {
  for (const autoskill of open.splice(0)) await autoskill.close();
  await rm(directory, { recursive: true, force: true });
});

describe('the offline learn → retrieve loop', () => {
  it('learns nothing from a generic one-off request', async () => {
    const autoskill = client();
    const result = await autoskill.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: 'Write a report about self-evolving agents.' }],
    });
    expect(result.added).toEqual([]);
    expect(result.merged).toEqual([]);
    expect(await autoskill.list({ userId: 'u1' })).toEqual([]);
  });

  it('learns the release SOP and finds it for "How should I do a safe release?"', async () => {
    const autoskill = client();
    const result = await autoskill.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect(result.added).toHaveLength(1);
    expect(result.added[0]?.version).toBe('0.1.0');
    const hits = await autoskill.search('How should I do a safe release?', { userId: 'u1' });
    expect(hits[0]?.skill.id).toBe(result.added[0]?.id);
    expect(hits[0]?.skill.instructions).toMatch(/canary/i);
    const context = await autoskill.renderContext('How should I do a safe release?', {
      userId: 'u1',
      limit: 1,
    });
    expect(context).toMatch(/canary/i);
    const markdown = await readFile(
      join(directory, 'Skills', 'Users', 'u1', hits[0]?.skill.name as string, 'SKILL.md'),
      'utf8',
    );
    expect(markdown).toMatch(/^---\nname: /);
  });

  it("keeps users apart: one user never sees another user's skills", async () => {
    const autoskill = client();
    await autoskill.ingest({ userId: 'alice', messages: [{ role: 'user', content: RELEASE }] });
    expect(await autoskill.search('safe release', { userId: 'bob', scope: 'all' })).toEqual([]);
    expect(await autoskill.search('safe release', { userId: 'bob', scope: 'user' })).toEqual([]);
    expect(
      (await autoskill.search('safe release', { userId: 'alice', scope: 'user' })).length,
    ).toBe(1);
  });

  it('merges later feedback into the same skill and bumps the patch version; rollback restores v0.1.0 exactly', async () => {
    const autoskill = client();
    const first = await autoskill.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    const id = first.added[0]?.id as string;
    const before = await autoskill.exportSkillMd(id);
    const second = await autoskill.ingest({
      userId: 'u1',
      messages: [
        {
          role: 'user',
          content:
            'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.',
        },
      ],
    });
    expect(second.merged.map((skill) => skill.id)).toEqual([id]);
    expect(second.merged[0]?.version).toBe('0.1.1');
    expect(await autoskill.list({ userId: 'u1' })).toHaveLength(1);
    const versions = await autoskill.versions(id);
    expect(versions.map((entry) => entry.version)).toEqual(['0.1.0', '0.1.1']);
    const restored = await autoskill.rollback(id);
    expect(restored.version).toBe('0.1.0');
    expect(await autoskill.exportSkillMd(id)).toBe(before);
    const after = await autoskill.versions(id);
    expect(after.map((entry) => [entry.version, entry.reason, entry.current])).toEqual([
      ['0.1.0', 'create', false],
      ['0.1.1', 'merge', false],
      ['0.1.0', 'rollback', true],
    ]);
  });
});

describeEachCorpus('import and export of real Agent Skill folders', (corpus) => {
  it('imports real skills with their resources and exports them byte-identical', {
    tags: ['slow'],
  }, async () => {
    const source = join(directory, 'agent-skills');
    await cp(join(corpus.root, 'agent-skills'), source, { recursive: true });
    const folders = (await readdir(source, { withFileTypes: true })).filter((entry) =>
      entry.isDirectory(),
    );
    const autoskill = client();
    const result = await autoskill.importAgentSkillDirs({
      rootDir: source,
      scope: 'common',
      library: 'anthropic',
    });
    expect(result.skipped).toEqual([]);
    expect(result.imported).toHaveLength(folders.length);
    const creator = result.imported.find((skill) => skill.name === 'skill-creator');
    expect(creator?.files.length).toBeGreaterThan(0);
    const exported = await autoskill.exportSkillDir(creator?.id as string);
    for (const path of creator?.files ?? []) {
      expect(
        Buffer.from(exported[path] as Uint8Array).equals(
          await readFile(join(source, 'skill-creator', path)),
        ),
      ).toBe(true);
    }
    const hits = await autoskill.search('create a new skill for Claude', {
      scope: 'common',
      limit: 3,
    });
    expect(hits.map((hit) => hit.skill.name)).toContain('skill-creator');
    await expect(autoskill.delete(creator?.id as string)).rejects.toThrow(/read-only/);
  });
});

describe('import and export of Agent Skill folders', () => {
  it('skips bad folders and reports them without aborting the run', async () => {
    const root = join(directory, 'incoming');
    const good =
      '---\nname: good-skill\ndescription: Formats release notes.\n---\nUse bullet points.\n';
    await writeFiles(root, {
      'good/SKILL.md': good,
      'nul/SKILL.md': `---\nname: nul\ndescription: x\n---\nbad\0byte\n`,
      'broken-yaml/SKILL.md': '---\nname: [unclosed\ndescription: x\n---\nbody\n',
      'no-name/SKILL.md': '---\ndescription: nameless\n---\nbody\n',
      'too-big/SKILL.md': `---\nname: too-big\ndescription: x\n---\n${'a'.repeat(1_100_000)}\n`,
    });
    const outside = join(directory, 'outside');
    await writeFiles(outside, { 'SKILL.md': good.replace('good-skill', 'outside-skill') });
    await mkdir(join(root, 'escape'), { recursive: true });
    await symlink(join(outside, 'SKILL.md'), join(root, 'escape', 'SKILL.md'));
    const autoskill = client();
    const result = await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' });
    expect(result.imported.map((skill) => skill.name)).toEqual(['good-skill']);
    const reasons = Object.fromEntries(result.skipped.map((entry) => [entry.path, entry.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'broken-yaml',
      'escape',
      'no-name',
      'nul',
      'too-big',
    ]);
    expect(reasons.nul).toMatch(/NUL/);
    expect(reasons['too-big']).toMatch(/limit/);
    expect(reasons.escape).toMatch(/symlink/);
  });

  it('imports several chunks: every skill written, indexed and searchable when the call returns', async () => {
    const root = join(directory, 'many');
    const files: Record<string, string> = {};
    for (let index = 0; index < 300; index++) {
      files[`skill-${index}/SKILL.md`] =
        `---\nname: topic-${index}-helper\ndescription: Handles topic${index} requests.\n---\nAlways cite topic${index} sources.\n`;
      if (index % 50 === 0) files[`skill-${index}/references/notes.md`] = `notes ${index}\n`;
    }
    await writeFiles(root, files);
    const autoskill = client();
    const progress: number[] = [];
    const result = await autoskill.importAgentSkillDirs({
      rootDir: root,
      scope: 'common',
      library: 'many',
      onProgress: ({ done }) => progress.push(done),
    });
    expect(result.imported).toHaveLength(300);
    expect(progress).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));
    for (const index of [0, 127, 128, 255, 299]) {
      const [hit] = await autoskill.search(`topic${index} sources`, { scope: 'common' });
      expect(hit?.skill.name).toBe(`topic-${index}-helper`);
    }
    const withFiles = result.imported.find((skill) => skill.name === 'topic-50-helper');
    expect(withFiles?.files).toEqual(['references/notes.md']);
  });

  it('reports a failure of the indexing callback instead of losing it', async () => {
    const root = join(directory, 'failing');
    const files: Record<string, string> = {};
    for (let index = 0; index < 200; index++)
      files[`s${index}/SKILL.md`] = `---\nname: s-${index}\ndescription: d${index}\n---\nbody\n`;
    await writeFiles(root, files);
    const autoskill = client();
    await expect(
      autoskill.importAgentSkillDirs({
        rootDir: root,
        userId: 'u1',
        onWritten: async () => {
          throw new Error('index exploded');
        },
      }),
    ).rejects.toThrow('index exploded');
  });

  it("writes a user's skills as folders", async () => {
    const autoskill = client();
    await autoskill.ingest({ userId: 'u1', messages: [{ role: 'user', content: RELEASE }] });
    const folders = await autoskill.writeSkillDirs({
      userId: 'u1',
      rootDir: join(directory, 'export'),
    });
    expect(folders).toHaveLength(1);
    expect(await readdir(folders[0] as string)).toContain('SKILL.md');
  });
});

describe('bad input', () => {
  it('rejects unsafe user ids before touching the file system', async () => {
    const autoskill = client();
    for (const userId of ['../x', 'a/b', 'a\\b', 'x\0y', '/abs', '..']) {
      await expect(
        autoskill.ingest({ userId, messages: [{ role: 'user', content: RELEASE }] }),
      ).rejects.toSatisfy(
        (error: unknown) =>
          AutoSkillError.isInstance(error) &&
          ['UNSAFE_PATH', 'INVALID_ARGUMENT'].includes(error.code),
      );
    }
    for (const entry of await readdir(directory)) expect(entry).toBe('Skills');
    const users = await readdir(join(directory, 'Skills', 'Users')).catch(() => []);
    expect(users).toEqual([]);
  });

  it('validates search, list and ingest arguments with typed errors', async () => {
    const autoskill = client();
    await expect(autoskill.search('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(autoskill.search('x', { scope: 'everyone' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(autoskill.search('x', { limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(autoskill.search('x', { minScore: 2 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(autoskill.ingest({ userId: 'u1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      autoskill.ingest({ userId: 'u1', messages: [{ content: 'no role' } as never] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(autoskill.rollback('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
  });

  it('rejects a bad config with the field name', () => {
    expect(() => new AutoSkill({ store: 'postgres' as never })).toThrow(/config\.store/);
    expect(() => new AutoSkill({ maxContextChars: -1 })).toThrow(/maxContextChars/);
    expect(() => new AutoSkill({ env: { KEY: 3 } as never })).toThrow(/config\.env/);
  });

  it('takes process.env itself as the environment', async () => {
    const autoskill = client({ env: process.env, llm: { provider: 'mock' } });
    await expect(autoskill.list({ userId: 'u1' })).resolves.toEqual([]);
  });
});

describe('two processes on one store', () => {
  it('sees skills another instance wrote', async () => {
    const writer = client();
    const reader = client();
    await reader.ready();
    await writer.ingest({ userId: 'u1', messages: [{ role: 'user', content: RELEASE }] });
    const hits = await reader.search('safe release rollout', { userId: 'u1' });
    expect(hits).toHaveLength(1);
  });

  it('lists without building the search index, and a later search still finds what others wrote', async () => {
    const writer = client();
    const reader = client();
    expect(await reader.list({ userId: 'u1' })).toEqual([]);
    await writer.ingest({ userId: 'u1', messages: [{ role: 'user', content: RELEASE }] });
    // The change is picked up by a read before any search index exists…
    const listed = await reader.list({ userId: 'u1' });
    expect(listed).toHaveLength(1);
    expect((await reader.get(listed[0]?.id as string))?.version).toBe('0.1.0');
    // …and the index built by the first search includes it.
    const hits = await reader.search('safe release rollout', { userId: 'u1' });
    expect(hits.map((hit) => hit.skill.id)).toEqual([listed[0]?.id]);
  });

  it('rebuilds a missing vector index from the SKILL.md files', async () => {
    const first = client();
    await first.ingest({ userId: 'u1', messages: [{ role: 'user', content: RELEASE }] });
    await first.close();
    open.splice(open.indexOf(first), 1);
    await rm(join(directory, 'Skills', 'vectors'), { recursive: true, force: true });
    const logger = recordingLogger();
    const second = client({ logger });
    const hits = await second.search('safe release', { userId: 'u1' });
    expect(logger.lines.join('\n')).toMatch(/rebuil/i);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.vectorScore ?? 0).toBeGreaterThan(0);
  });
});

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}
