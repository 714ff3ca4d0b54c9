import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill, type ChatTurn } from '@autoskill/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

// Issue 15: usage in `list --json` and `show`; `prune` archives, `list --archived`, `restore`.
const DAY = 24 * 3_600_000;
let directory: string;
let store: string;

async function ingest(content: string): Promise<string> {
  const file = join(directory, `conversation-${Math.random()}.json`);
  await writeFile(file, JSON.stringify([{ role: 'user', content }]));
  const result = await runInProcess([
    'ingest',
    '--user-id',
    'u1',
    '--file',
    file,
    '--json',
    '--store-dir',
    store,
  ]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).added[0].id;
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-prune-'));
  store = join(directory, 'Skills');
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill usage and pruning', () => {
  it('shows usage, prunes into the archive and restores with every version', {
    tags: ['slow'],
  }, async () => {
    const release = await ingest(
      'Before each release: run regression -> canary -> monitor -> full rollout.',
    );
    const cite = await ingest('Do not hallucinate in reports: cite the source of every number.');
    // A chat turn in another client on the same store (as the proxy or `autoskill chat` would).
    const chat = new AutoSkill({ storeDir: store, logger: 'silent', env: {} });
    const turn = (await chat
      .createSession({ userId: 'u1' })
      .send('How do I do a safe release?')) as ChatTurn;
    await turn.text;
    await chat.close();

    const listed = await runInProcess(['list', '--user-id', 'u1', '--json', '--store-dir', store]);
    const byId = new Map(
      JSON.parse(listed.stdout).map((skill: { id: string }) => [skill.id, skill]),
    );
    expect(byId.get(release)).toMatchObject({ usage: { retrieved: 1, injected: 1, used: 1 } });
    expect(byId.get(cite)).toMatchObject({ usage: { injected: 0, used: 0 } });
    const shown = await runInProcess(['show', release, '--store-dir', store]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^injected: {2}1×, last 20\d\d-/m);
    expect(shown.stdout).toMatch(/^used: {6}1×, last /m);

    // A month later nothing has been used.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * DAY });
    const preview = await runInProcess([
      'prune',
      '--unused-for',
      '30d',
      '--dry-run',
      '--store-dir',
      store,
    ]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^Would archive 2 of 2 user skill\(s\)/);
    const kept = await runInProcess(['list', '--user-id', 'u1', '--json', '--store-dir', store]);
    expect(JSON.parse(kept.stdout)).toHaveLength(2);

    const pruned = await runInProcess([
      'prune',
      '--unused-for',
      '30d',
      '--user-id',
      'u1',
      '--json',
      '--store-dir',
      store,
    ]);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ dryRun: false, checked: 2 });
    expect((await runInProcess(['list', '--user-id', 'u1', '--store-dir', store])).stdout).toBe(
      'No skills.\n',
    );
    const archived = await runInProcess([
      'list',
      '--archived',
      '--user-id',
      'u1',
      '--store-dir',
      store,
    ]);
    expect(archived.stdout).toContain(release);
    expect(archived.stdout).toContain('pruned: not used since');
    const hidden = await runInProcess(['show', cite, '--store-dir', store]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toBe(
      `autoskill: Skill ${cite} is archived: \`autoskill restore ${cite}\` brings it back\n`,
    );

    const restored = await runInProcess(['restore', release, '--store-dir', store]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .* v0\.1\.0, revision 1\n$/);
    const versions = await runInProcess(['versions', release, '--json', '--store-dir', store]);
    expect(JSON.parse(versions.stdout)).toHaveLength(1);
    const after = await runInProcess(['list', '--user-id', 'u1', '--json', '--store-dir', store]);
    expect(JSON.parse(after.stdout).map((skill: { id: string }) => skill.id)).toEqual([release]);
  });

  it('exits 2 with one line for a bad window, a missing window or an unknown skill', async () => {
    const bad = await runInProcess(['prune', '--unused-for', '30x', '--store-dir', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--unused-for.*30d, 12h, 90m or 2w/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runInProcess(['prune', '--store-dir', store]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--unused-for/);
    const unknown = await runInProcess(['restore', 'no-such-skill', '--store-dir', store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('autoskill: No archived skill with id "no-such-skill"\n');
  });
});
