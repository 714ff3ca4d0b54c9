import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkillError, type Skill } from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoSkill } from '../index';
import type { ChatTurn } from '../learning/chat-session';

const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const CITE = 'Do not hallucinate in reports: cite the source of every number.';
const DAY = 24 * 3_600_000;

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

async function learn(autoskill: AutoSkill, content: string): Promise<Skill> {
  const result = await autoskill.ingest({ userId: 'u1', messages: [{ role: 'user', content }] });
  const added = result.added[0];
  if (!added) throw new Error(`nothing learned from ${content}`);
  return (await autoskill.get(added.id)) as Skill;
}

/** One chat turn, answered by the offline model (which names the injected skills). */
async function chat(autoskill: AutoSkill, text: string): Promise<ChatTurn> {
  const turn = (await autoskill.createSession({ userId: 'u1' }).send(text)) as ChatTurn;
  await turn.text;
  return turn;
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-usage-sdk-'));
});
afterEach(async () => {
  vi.useRealTimers();
  for (const autoskill of open.splice(0)) await autoskill.close();
  await rm(directory, { recursive: true, force: true });
});

describe('usage tracking', () => {
  it('counts retrieval, injection and judged use per skill without a new revision, and keeps them across a restart', async () => {
    const autoskill = client();
    const release = await learn(autoskill, RELEASE);
    const turn = await chat(autoskill, 'How should I do a safe release?');
    expect(turn.trace.injectedIds).toEqual([release.id]);
    await autoskill.flushUsage();

    const usage = await autoskill.skillUsage(release.id);
    expect(usage).toMatchObject({ retrieved: 1, injected: 1, used: 1 });
    expect(Date.parse(usage.lastUsedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // Usage is not content: same revision, one version, SKILL.md untouched.
    expect((await autoskill.get(release.id))?.revision).toBe(release.revision);
    expect(await autoskill.versions(release.id)).toHaveLength(1);
    const markdown = await readFile(
      join(directory, 'Skills/Users/u1', release.name, 'SKILL.md'),
      'utf8',
    );
    expect(markdown).not.toMatch(/retrieved|injected/);

    await open.splice(open.indexOf(autoskill), 1)[0]?.close();
    const reopened = client();
    expect(await reopened.skillUsage(release.id)).toMatchObject({
      retrieved: 1,
      injected: 1,
      used: 1,
    });
  });

  it('counts a repeated question (a retry, a regenerate) once within ten minutes', async () => {
    const autoskill = client();
    const release = await learn(autoskill, RELEASE);
    await chat(autoskill, 'How should I do a safe release?');
    await chat(autoskill, 'how should I do a  safe release?');
    await autoskill.flushUsage();
    expect(await autoskill.skillUsage(release.id)).toMatchObject({
      retrieved: 1,
      injected: 1,
      used: 1,
    });
    await chat(autoskill, 'What are the release steps before production?');
    await autoskill.flushUsage();
    expect(await autoskill.skillUsage(release.id)).toMatchObject({ retrieved: 2, injected: 2 });
  });

  it('counts a retrieval below the injection threshold as retrieved only', async () => {
    const autoskill = client();
    const release = await learn(autoskill, RELEASE);
    autoskill.recordTurnUsage({
      userId: 'u1',
      query: 'release?',
      retrievedIds: [release.id],
      injectedIds: [],
      answer: 'Something else.',
    });
    await autoskill.flushUsage();
    expect(await autoskill.skillUsage(release.id)).toMatchObject({
      retrieved: 1,
      injected: 0,
      used: 0,
    });
    expect(() =>
      autoskill.recordTurnUsage({
        userId: '../x',
        query: '',
        retrievedIds: [],
        injectedIds: [],
        answer: '',
      }),
    ).toThrow(AutoSkillError);
  });
});

describe('pruning that can be undone', () => {
  it('archives skills not used within the window, keeps used ones, and restores with full history', async () => {
    const autoskill = client();
    const release = await learn(autoskill, RELEASE);
    const cite = await learn(autoskill, CITE);
    await autoskill.saveSkillMd(
      release.id,
      (await autoskill.exportSkillMd(release.id)).replace('canary', 'canary (10%)'),
    );
    // 35 days later the release skill is used again; the citing skill never was.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 35 * DAY });
    await chat(autoskill, 'How should I do a safe release?');
    await autoskill.flushUsage();

    const preview = await autoskill.prune({ unusedForMs: 30 * DAY, userId: 'u1' });
    expect(preview.dryRun).toBe(true);
    expect(preview.skills.map((skill) => skill.id)).toEqual([cite.id]);
    expect(preview.skills[0]?.reason).toMatch(/^never used/);
    expect(await autoskill.list({ userId: 'u1' })).toHaveLength(2); // a dry run changes nothing

    const pruned = await autoskill.prune({ unusedForMs: 30 * DAY, userId: 'u1', dryRun: false });
    expect(pruned.skills.map((skill) => skill.id)).toEqual([cite.id]);
    expect((await autoskill.list({ userId: 'u1' })).map((skill) => skill.id)).toEqual([release.id]);
    expect(await autoskill.get(cite.id)).toBeUndefined();
    const hits = await autoskill.search('cite every number in the report', { userId: 'u1' });
    expect(hits.map((hit) => hit.skill.id)).not.toContain(cite.id);
    const archived = await autoskill.listArchived({ userId: 'u1' });
    expect(archived).toMatchObject([{ id: cite.id, owner: 'u1' }]);
    expect(archived[0]?.reason).toMatch(/^pruned: never used/);

    await expect(autoskill.restore(cite.id, { userId: 'u2' })).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
    const restored = await autoskill.restore(cite.id, { userId: 'u1' });
    expect(restored.id).toBe(cite.id);
    expect(await autoskill.listArchived({ userId: 'u1' })).toEqual([]);
    const found = await autoskill.search('cite every number in the report', { userId: 'u1' });
    expect(found.map((hit) => hit.skill.id)).toContain(cite.id);

    // The release skill's archive and restore keep both of its versions.
    await autoskill.archive(release.id, { userId: 'u1' });
    await autoskill.restore(release.id);
    expect((await autoskill.versions(release.id)).map((version) => version.version)).toEqual([
      '0.1.0',
      '0.1.1',
    ]);
  });

  it("forget-user also removes the user's archived skills and usage counters", async () => {
    const autoskill = client();
    const release = await learn(autoskill, RELEASE);
    const cite = await learn(autoskill, CITE);
    await chat(autoskill, 'How should I do a safe release?');
    await autoskill.archive(cite.id, { userId: 'u1' });
    await autoskill.flushUsage();
    const report = await autoskill.forgetUser('u1');
    expect(report.deletedSkills).toBe(2);
    expect(await autoskill.listArchived({ userId: 'u1' })).toEqual([]);
    expect((await autoskill.usageStats()).size).toBe(0);
    await autoskill.flushUsage();
    const store = join(directory, 'Skills/.autoskill');
    expect(await readdir(join(store, 'archive'))).toEqual([]);
    const history = await readdir(join(store, 'history')).catch(() => []);
    expect(
      history.filter((name) => name.startsWith(release.id) || name.startsWith(cite.id)),
    ).toEqual([]);
    const counters = await readFile(join(store, 'skill-usage.json'), 'utf8');
    expect(counters).not.toContain(release.id);
  });

  it('rejects bad options with typed errors', async () => {
    const autoskill = client();
    await expect(autoskill.prune({ unusedForMs: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(autoskill.prune({ unusedForMs: DAY, userId: '../etc' })).rejects.toBeInstanceOf(
      AutoSkillError,
    );
    await expect(autoskill.restore('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
  });
});
