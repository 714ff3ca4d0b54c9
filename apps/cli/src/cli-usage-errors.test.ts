import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

// Issue 15: wrong calls exit 2 with one clear line; reads never write; paths are the caller's.
let directory: string;
let skills: string;
let store: string;
const SKILL_MD = `---
name: commit-messages
description: Write git commit messages in the imperative mood.
---
# Commit messages
Use the imperative mood and keep the subject under 50 characters.
`;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-usage-'));
  skills = join(directory, 'source');
  store = join(directory, 'Skills');
  await mkdir(join(skills, 'commit-messages'), { recursive: true });
  await writeFile(join(skills, 'commit-messages', 'SKILL.md'), SKILL_MD);
  const imported = await runInProcess([
    'import',
    '--root-dir',
    skills,
    '--user-id',
    'u1',
    '--store-dir',
    store,
  ]);
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill usage errors', () => {
  it('prints help to stderr and exits 2 without a command (and for `bench` alone)', async () => {
    for (const args of [[], ['bench']]) {
      const result = await runInProcess(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^Usage: autoskill/);
    }
    const help = await runInProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: autoskill/);
  });

  it('refuses --user-id with --scope common (a library has no owner), not with AUTOSKILL_USER_ID', async () => {
    const args = ['import', '--root-dir', skills, '--scope', 'common', '--store-dir', store];
    const refused = await runInProcess([...args, '--user-id', 'x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'autoskill: --user-id is for --scope user; name a library with --library NAME\n',
    );
    const fromEnv = await runInProcess(args, { env: { AUTOSKILL_USER_ID: 'x' } });
    expect(fromEnv.stderr).toBe('');
    expect(fromEnv.code).toBe(0);
  });

  it('words "not found" one way for export, versions and rollback', async () => {
    for (const command of ['export', 'versions', 'rollback']) {
      const result = await runInProcess([command, 'nope', '--store-dir', store]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('autoskill: No skill with id "nope"\n');
    }
  });

  it('exits 2 naming the bad line of a search --batch file; the good lines still answer', async () => {
    const batch = join(directory, 'queries.jsonl');
    await writeFile(batch, '{"query": "commit message"}\nnot json\n{"q": 1}\n');
    const result = await runInProcess(['search', '--batch', batch, '--store-dir', store]);
    expect(result.code).toBe(2);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].hits[0].name).toBe('commit-messages');
    expect(lines.slice(1)).toEqual([
      { line: 2, error: 'not valid JSON; expected {"query": "..."}' },
      { line: 3, error: 'missing "query" string' },
    ]);
    expect(result.stderr).toContain(`--batch ${batch} line 2: not valid JSON`);
    expect(result.stderr).toContain(`--batch ${batch} line 3: missing "query" string`);
  });

  it('says there is nothing to learn from a file without conversations (exit 2)', async () => {
    const empty = join(directory, 'empty.json');
    await writeFile(empty, '[]');
    const result = await runInProcess(['learn', '--file', empty, '--store-dir', store]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `autoskill: nothing to learn: ${JSON.stringify(empty)} holds no conversations\n`,
    );
  });

  it('resolves relative paths against the caller directory under `pnpm autoskill` (INIT_CWD)', async () => {
    const caller = join(directory, 'caller');
    await mkdir(join(caller, 'source', 'commit-messages'), { recursive: true });
    await writeFile(join(caller, 'source', 'commit-messages', 'SKILL.md'), SKILL_MD);
    // pnpm runs the root script in the repo root and keeps the caller's folder in INIT_CWD.
    const env = { INIT_CWD: caller, PNPM_SCRIPT_SRC_DIR: process.cwd() };
    const result = await runInProcess(
      ['import', '--root-dir', 'source', '--store-dir', 'MySkills'],
      { env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(caller, 'MySkills', 'Users', 'u1', 'commit-messages', 'SKILL.md'))).toBe(
      true,
    );
    expect(existsSync(join(process.cwd(), 'MySkills'))).toBe(false);
  });

  it('never rewrites a hand-written SKILL.md on a read (list); normalize-ids does', async () => {
    const hand = join(store, 'Users', 'u1', 'hand-written');
    await mkdir(hand, { recursive: true });
    const text = SKILL_MD.replace('commit-messages', 'hand-written');
    await writeFile(join(hand, 'SKILL.md'), text);
    const listed = await runInProcess(['list', '--store-dir', store, '--json']);
    expect(listed.code).toBe(0);
    const names = (JSON.parse(listed.stdout) as { name: string }[]).map((skill) => skill.name);
    expect(names).toContain('hand-written');
    expect(await readFile(join(hand, 'SKILL.md'), 'utf8')).toBe(text);
    const normalized = await runInProcess(['normalize-ids', '--store-dir', store]);
    expect(normalized.code).toBe(0);
    expect(await readFile(join(hand, 'SKILL.md'), 'utf8')).toMatch(/metadata:\n {2}id: '/);
  });
});
