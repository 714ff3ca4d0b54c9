import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

// Issue 15: with --review learned, learning leaves drafts that `autoskill review` approves or rejects.
const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const FEEDBACK =
  'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.';

let directory: string;
let store: string;
const run = (args: string[]) => runInProcess([...args, '--store-dir', store]);

async function conversation(name: string, content: string): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, JSON.stringify([{ role: 'user', content }]));
  return file;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-review-'));
  store = join(directory, 'Skills');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill review', () => {
  it('learning with --review learned leaves a draft; approve writes it, reject drops one', async () => {
    const ingested = await run([
      'ingest',
      '--review',
      'learned',
      '--file',
      await conversation('release.json', RELEASE),
    ]);
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toMatch(
      /^Drafted new skill .* for review: autoskill review show draft_/,
    );
    expect(JSON.parse((await run(['list', '--json'])).stdout)).toEqual([]);

    const listed = await run(['review', 'list', '--json']);
    const [draft] = JSON.parse(listed.stdout);
    expect(draft).toMatchObject({ kind: 'add', userId: 'u1' });
    const shown = await run(['review', 'show', draft.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^\+.*canary/m);

    const approved = await run(['review', 'approve', draft.id]);
    expect(approved.stderr).toBe('');
    expect(approved.stdout).toMatch(new RegExp(`^Approved ${draft.id}: .* v0\\.1\\.0`));
    const skills = JSON.parse((await run(['list', '--json'])).stdout);
    expect(skills).toHaveLength(1);

    const feedback = await conversation('feedback.json', FEEDBACK);
    const merged = await run(['ingest', '--review', 'learned', '--file', feedback, '--json']);
    const [mergeDraft] = JSON.parse(merged.stdout).drafted;
    expect(mergeDraft).toMatchObject({ kind: 'merge', id: skills[0].id });
    const rejected = await run(['review', 'reject', mergeDraft.draftId]);
    expect(rejected.stdout).toMatch(/^Rejected draft_/);
    expect((await run(['review', 'list'])).stdout).toBe('No drafts for u1.\n');
    const versions = JSON.parse((await run(['versions', skills[0].id, '--json'])).stdout);
    expect(versions).toHaveLength(1);
  });

  it('answers an unknown draft or a bad mode with exit 2 and one line', async () => {
    const unknown = await run(['review', 'approve', 'draft_000000000000000000000000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/No draft/);
    const badMode = await run(['ingest', '--review', 'sometimes', '--file', 'x.json']);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--review/);
    const badUser = await run(['review', 'list', '--user-id', '../x']);
    expect(badUser.code).toBe(2);
  });
});
