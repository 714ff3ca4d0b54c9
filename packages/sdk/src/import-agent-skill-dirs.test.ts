import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoSkill } from './index';

// Imports are idempotent (issue 11, defect 6): the same content imported again is the same skill
// with no new revision; changed content is a new revision of the same skill. Uploads come as files
// in memory and are never written anywhere but the store.

const encoder = new TextEncoder();
const skillMd = (name: string, body: string) =>
  `---\nname: ${name}\ndescription: "How to ${name.replace(/-/g, ' ')}."\n---\n\n${body}\n`;

let directory: string;
const open: AutoSkill[] = [];
function client(): AutoSkill {
  const autoskill = new AutoSkill({
    storeDir: join(directory, 'Skills'),
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
  });
  open.push(autoskill);
  return autoskill;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

function inMemory(files: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path, encoder.encode(text)]),
  );
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-import-'));
});
afterEach(async () => {
  for (const autoskill of open.splice(0)) await autoskill.close();
  await rm(directory, { recursive: true, force: true });
});

describe('re-importing id-less skills', () => {
  it('keeps one skill and one revision when a folder is imported twice unchanged', async () => {
    const root = join(directory, 'incoming');
    await writeFiles(root, {
      'release/SKILL.md': skillMd('release-steps', '1. Canary first.'),
      'release/references/checklist.md': '- tests\n- canary\n',
    });
    const autoskill = client();
    const first = await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' });
    const second = await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' });
    const skills = await autoskill.list({ userId: 'u1', scope: 'user' });
    expect(skills.map((skill) => skill.name)).toEqual(['release-steps']);
    expect(second.imported.map((skill) => skill.id)).toEqual(
      first.imported.map((skill) => skill.id),
    );
    expect(second.unchanged.map((skill) => skill.id)).toEqual([skills[0]?.id]);
    expect(await autoskill.versions(skills[0]?.id as string, { userId: 'u1' })).toHaveLength(1);
  });

  it('stays idempotent across a restart (the store re-read from disk)', async () => {
    const files = inMemory({
      'full/SKILL.md':
        '---\nname: full-skill\ndescription: "Everything a SKILL.md can hold."\nversion: 1.2.0\ntags: [a, b]\nmetadata:\n  author: someone\n  triggers: [ship it]\n---\n\n# Full\n\n## Steps\n\n1. One.\n2. Two.\n',
      'full/assets/data.bin': '\u0000\u0001binary',
    });
    const first = await client().importAgentSkillDirs({ files, userId: 'u1' });
    for (const autoskill of open.splice(0)) await autoskill.close();
    const autoskill = client();
    const second = await autoskill.importAgentSkillDirs({ files, userId: 'u1' });
    expect(second.unchanged.map((skill) => skill.id)).toEqual(
      first.imported.map((skill) => skill.id),
    );
    expect(
      await autoskill.versions(first.imported[0]?.id as string, { userId: 'u1' }),
    ).toHaveLength(1);
  });

  it('records changed content as a new revision of the same skill', async () => {
    const root = join(directory, 'incoming');
    await writeFiles(root, { 'release/SKILL.md': skillMd('release-steps', '1. Canary first.') });
    const autoskill = client();
    const [first] = (await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' }))
      .imported;
    await writeFiles(root, {
      'release/SKILL.md': skillMd('release-steps', '1. Canary first.\n2. Then everyone.'),
    });
    const changed = await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' });
    expect(changed.unchanged).toEqual([]);
    expect(changed.imported[0]).toMatchObject({ id: first?.id, revision: 2 });
    // The same changed content once more: nothing new.
    const again = await autoskill.importAgentSkillDirs({ rootDir: root, userId: 'u1' });
    expect(again.unchanged.map((skill) => skill.id)).toEqual([first?.id]);
    expect(await autoskill.list({ userId: 'u1', scope: 'user' })).toHaveLength(1);
    expect(await autoskill.versions(first?.id as string, { userId: 'u1' })).toHaveLength(2);
  });

  it('treats an upload in memory the same way, twice, and never writes outside the store', async () => {
    const files = inMemory({
      'pack/alpha/SKILL.md': skillMd('alpha-skill', 'Alpha.'),
      'pack/alpha/scripts/run.sh': 'echo alpha\n',
      'pack/beta/SKILL.md': skillMd('beta-skill', 'Beta.'),
    });
    const autoskill = client();
    const first = await autoskill.importAgentSkillDirs({ files, userId: 'u1' });
    const second = await autoskill.importAgentSkillDirs({ files, userId: 'u1' });
    expect(first.imported.map((skill) => skill.name)).toEqual(['alpha-skill', 'beta-skill']);
    expect(first.imported[0]?.files).toEqual(['scripts/run.sh']);
    expect(second.unchanged).toHaveLength(2);
    expect(await autoskill.list({ userId: 'u1', scope: 'user' })).toHaveLength(2);
    expect((await readdir(directory)).sort()).toEqual(['Skills']);
  });

  it('matches duplicate names within one import by content the next time', async () => {
    const files = inMemory({
      'a/x/SKILL.md': skillMd('same-name', 'First variant.'),
      'b/x/SKILL.md': skillMd('same-name', 'Second variant.'),
    });
    const autoskill = client();
    const first = await autoskill.importAgentSkillDirs({ files, userId: 'u1' });
    expect(first.imported.map((skill) => skill.name)).toEqual(['same-name', 'same-name-2']);
    const second = await autoskill.importAgentSkillDirs({ files, userId: 'u1' });
    expect(second.unchanged.map((skill) => skill.name).sort()).toEqual([
      'same-name',
      'same-name-2',
    ]);
    expect(await autoskill.list({ userId: 'u1', scope: 'user' })).toHaveLength(2);
  });

  it("matches by name when the file's id belongs to another user", async () => {
    const autoskill = client();
    const [theirs] = (
      await autoskill.importAgentSkillDirs({
        files: inMemory({ 'x/SKILL.md': skillMd('shared-skill', 'Body.') }),
        userId: 'alice',
      })
    ).imported;
    const exported = await autoskill.exportSkillDir(theirs?.id as string);
    const upload = { 'shared/SKILL.md': exported['SKILL.md'] as Uint8Array };
    const first = await autoskill.importAgentSkillDirs({ files: upload, userId: 'bob' });
    const second = await autoskill.importAgentSkillDirs({ files: upload, userId: 'bob' });
    expect(first.imported[0]?.id).not.toBe(theirs?.id);
    expect(second.unchanged.map((skill) => skill.id)).toEqual([first.imported[0]?.id]);
    expect(await autoskill.list({ userId: 'bob', scope: 'user' })).toHaveLength(1);
  });
});

describe('uploads in memory', () => {
  it('reports hidden, stray and nested files instead of dropping them silently', async () => {
    const autoskill = client();
    const result = await autoskill.importAgentSkillDirs({
      files: inMemory({
        'README.md': 'not a skill',
        'tool/SKILL.md': skillMd('tool-skill', 'Tool.'),
        'tool/.env': 'SECRET=1',
        'tool/node_modules/x/index.js': 'x',
        'tool/inner/SKILL.md': skillMd('inner-skill', 'Nested.'),
        'tool/inner/notes.md': 'inner notes',
      }),
      userId: 'u1',
    });
    expect(result.imported.map((skill) => skill.name)).toEqual(['tool-skill']);
    expect(result.imported[0]?.files).toEqual([]);
    const reasons = Object.fromEntries(result.skipped.map((entry) => [entry.path, entry.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'README.md',
      'tool/.env',
      'tool/inner/SKILL.md',
      'tool/inner/notes.md',
      'tool/node_modules/x/index.js',
    ]);
    expect(reasons['tool/.env']).toMatch(/hidden/);
    expect(reasons['README.md']).toMatch(/not inside a skill folder/);
    expect(reasons['tool/inner/SKILL.md']).toMatch(/nested/);
  });

  it('names a broken SKILL.md by its path in the upload', async () => {
    const autoskill = client();
    const result = await autoskill.importAgentSkillDirs({
      files: inMemory({ 'broken/SKILL.md': '---\nname: [unclosed\n---\n' }),
      userId: 'u1',
    });
    expect(result.skipped).toEqual([
      { path: 'broken', reason: expect.stringContaining('(broken/SKILL.md') },
    ]);
  });
});
