import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachCorpus } from '../../../fixtures/corpora';
import { runInProcess } from './test-support/run-in-process';

/** `autoskill <args>` in this process with an empty environment. */
const run = (args: string[]) => runInProcess(args);
const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';

let directory: string;
let store: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-'));
  store = join(directory, 'Skills');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill CLI', () => {
  it('runs the offline demo loop', async () => {
    const result = await run(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/learned: nothing/);
    expect(result.stdout).toMatch(/learned: new skill/);
    expect(result.stdout).toMatch(/canary/);
  });

  it('ingests conversations and reports what was learned as JSON', async () => {
    const generic = join(directory, 'generic.json');
    await writeFile(generic, JSON.stringify([{ role: 'user', content: 'Write a report about X' }]));
    const nothing = await run([
      'ingest',
      '--user-id',
      'u1',
      '--file',
      generic,
      '--json',
      '--store-dir',
      store,
    ]);
    expect(nothing.code).toBe(0);
    expect(JSON.parse(nothing.stdout)).toMatchObject({ added: [], merged: [], discarded: false });

    const release = join(directory, 'release.json');
    await writeFile(release, JSON.stringify({ messages: [{ role: 'user', content: RELEASE }] }));
    const added = await run([
      'ingest',
      '--user-id',
      'u1',
      '--file',
      release,
      '--json',
      '--store-dir',
      store,
    ]);
    expect(added.code).toBe(0);
    const learned = JSON.parse(added.stdout);
    expect(learned.added).toHaveLength(1);
    expect(learned.added[0]).toMatchObject({ version: '0.1.0' });
    expect(Object.keys(learned.added[0]).sort()).toEqual(['id', 'name', 'title', 'version']);
  });

  it('lists, searches (single and batch) and exports', async () => {
    const list = await run(['list', '--user-id', 'u1', '--json', '--store-dir', store]);
    expect(list.code).toBe(0);
    const skills = JSON.parse(list.stdout);
    expect(skills).toHaveLength(1);
    expect(skills[0]).toMatchObject({ scope: 'user', owner: 'u1', version: '0.1.0' });
    for (const key of ['id', 'name', 'description', 'version', 'scope', 'owner'])
      expect(skills[0]).toHaveProperty(key);

    const search = await run([
      'search',
      'How should I do a safe release?',
      '--user-id',
      'u1',
      '--json',
      '--store-dir',
      store,
    ]);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)[0].id).toBe(skills[0].id);

    const batch = join(directory, 'queries.jsonl');
    await writeFile(
      batch,
      `${JSON.stringify({ query: 'safe release' })}\n\nnot json\n${JSON.stringify({ query: 'canary rollout' })}\n`,
    );
    const batched = await run([
      'search',
      '--batch',
      batch,
      '--json',
      '--user-id',
      'u1',
      '--store-dir',
      store,
    ]);
    // The bad line is named and fails the run (exit 2) after the good lines have run.
    expect(batched.code).toBe(2);
    expect(batched.stderr).toContain('line 3: not valid JSON');
    const lines = batched.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ query: 'safe release' });
    expect(lines[0].hits[0]).toEqual({
      id: skills[0].id,
      name: skills[0].name,
      score: expect.any(Number),
    });
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[1]).toMatchObject({ line: 3, error: expect.stringMatching(/JSON/) });

    const exported = await run(['export', skills[0].id, '--store-dir', store]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(
      await readFile(join(store, 'Users', 'u1', skills[0].name, 'SKILL.md'), 'utf8'),
    );
    const folder = (
      await run(['export', skills[0].id, '--out-dir', join(directory, 'out'), '--store-dir', store])
    ).stdout.trim();
    expect(folder).toBe(join(directory, 'out', skills[0].name));
    expect(await readFile(join(folder, 'SKILL.md'), 'utf8')).toBe(exported.stdout);
  });

  it('keeps versions and rolls back from the command line', async () => {
    const [skill] = JSON.parse(
      (await run(['list', '--user-id', 'u1', '--json', '--store-dir', store])).stdout,
    );
    const original = (await run(['export', skill.id, '--store-dir', store])).stdout;
    const feedback = join(directory, 'feedback.json');
    await writeFile(
      feedback,
      JSON.stringify([
        {
          role: 'user',
          content: 'Before each release, also notify the on-call channel before the canary step.',
        },
      ]),
    );
    const merged = JSON.parse(
      (await run(['ingest', '--user-id', 'u1', '--file', feedback, '--json', '--store-dir', store]))
        .stdout,
    );
    expect(merged.merged).toEqual([expect.objectContaining({ id: skill.id, version: '0.1.1' })]);
    const versions = JSON.parse(
      (await run(['versions', skill.id, '--json', '--store-dir', store])).stdout,
    );
    expect(versions.map((entry: { version: string }) => entry.version)).toEqual(['0.1.0', '0.1.1']);
    const rollback = await run(['rollback', skill.id, '--to', '0.1.0', '--store-dir', store]);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toMatch(/v0\.1\.0/);
    expect((await run(['export', skill.id, '--store-dir', store])).stdout).toBe(original);
    const after = JSON.parse(
      (await run(['versions', skill.id, '--json', '--store-dir', store])).stdout,
    );
    expect(
      after.map((entry: { version: string; reason: string }) => `${entry.version}:${entry.reason}`),
    ).toEqual(['0.1.0:create', '0.1.1:merge', '0.1.0:rollback']);
    expect((await run(['rollback', skill.id, '--to', '9.9.9', '--store-dir', store])).code).toBe(2);
  });

  it('learns from past conversations in an OpenAI-format JSONL file', async () => {
    const file = join(directory, 'history.jsonl');
    const lines = [
      {
        messages: [
          { role: 'user', content: 'Translate this sentence to French: good morning' },
          { role: 'assistant', content: 'Bonjour' },
        ],
      },
      {
        request: {
          messages: [
            {
              role: 'user',
              content:
                'For every commit message: always use the imperative mood and never exceed 72 characters in the subject.',
            },
          ],
        },
        response: { choices: [{ message: { content: 'Understood.' } }] },
      },
      'not json',
    ];
    await writeFile(
      file,
      lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
    );
    const result = await run([
      'learn',
      '--user-id',
      'u3',
      '--file',
      file,
      '--json',
      '--store-dir',
      store,
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ totalConversations: 2, processed: 2, failed: 0 });
    expect(summary.added).toHaveLength(1);
    expect(summary.errors).toEqual([{ index: 3, error: 'line is not valid JSON' }]);
    expect((await run(['learn', '--user-id', 'u3', '--store-dir', store])).code).toBe(2);
  });

  it('answers bad arguments with one line and exit code 2', async () => {
    const cases: string[][] = [
      ['search', '--store-dir', store],
      ['search', 'x', '--top-k', 'abc', '--store-dir', store],
      ['search', 'x', '--scope', 'everyone', '--store-dir', store],
      ['search', 'x', '--min-score', '3', '--store-dir', store],
      [
        'ingest',
        '--user-id',
        '../evil',
        '--file',
        join(directory, 'release.json'),
        '--store-dir',
        store,
      ],
      ['ingest', '--file', join(directory, 'missing.json'), '--store-dir', store],
      ['import', '--store-dir', store],
      ['import', '--root-dir', join(directory, 'nope'), '--store-dir', store],
      ['export', 'no-such-id', '--store-dir', store],
      ['proxy', '--workers', 'many', '--store-dir', store],
      ['proxy', '--learning-queue-per-user', '0', '--store-dir', store],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect({
        args,
        lines: result.stderr.trim().split('\n').length,
        stderr: result.stderr,
      }).toMatchObject({ args, lines: 1 });
    }
    expect(existsSync(join(directory, 'evil'))).toBe(false);
  });
});

describeEachCorpus('autoskill import of real Agent Skill folders', (corpus) => {
  it('imports a folder tree, skipping bad folders with a summary', { tags: ['slow'] }, async () => {
    const root = join(directory, `import-root-${corpus.label}`);
    const store = join(directory, `Skills-import-${corpus.label}`);
    await cp(join(corpus.root, 'agent-skills'), root, { recursive: true });
    const folders = (await readdir(root)).length;
    await mkdir(join(root, 'broken'), { recursive: true });
    await writeFile(join(root, 'broken', 'SKILL.md'), '---\nname: [oops\n---\nbody\n');
    const result = await run([
      'import',
      '--root-dir',
      root,
      '--scope',
      'common',
      '--library',
      'anthropic',
      '--store-dir',
      store,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.imported).toBe(folders);
    expect(summary.skipped.map((entry: { path: string }) => entry.path)).toEqual(['broken']);
    const list = JSON.parse(
      (await run(['list', '--scope', 'common', '--json', '--store-dir', store])).stdout,
    );
    expect(list).toHaveLength(folders);
    expect(
      list.every(
        (skill: { owner: string; scope: string }) =>
          skill.owner === 'anthropic' && skill.scope === 'common',
      ),
    ).toBe(true);
  });
});
