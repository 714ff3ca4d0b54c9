import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AutoSkillError, type SkillDocument } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { AutoSkill } from './auto-skill';
import { useOfflineClient } from './test-support/offline-client';

const ALICE_TEXT = 'Zanzibar quokka protocol: fold the vellum thrice before any borealis deploy.';
const ALICE_EDIT =
  'Zanzibar quokka protocol v2: fold the vellum four times before a borealis deploy.';
const ALICE_LEARNED = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const BOB_TEXT = 'Marmalade otter checklist: water the ferns before every quarterly audit.';
const LIBRARY_TEXT = 'Shared library: tag every invoice with its cost centre.';

function document(name: string, body: string): SkillDocument {
  return {
    id: '',
    name,
    title: name,
    description: `${body.slice(0, 60)} (use when this task comes up)`,
    version: '0.1.0',
    body: `# ${name}\n\n${body}\n`,
  } as unknown as SkillDocument;
}

/** Every file under `root` (relative path → bytes), the lock's transient files left out. */
async function tree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      // Locks (the store's, each vector index's) and their holder records linger a moment after
      // a write, and vanish under a busy machine's walk: not data.
      if (entry.name.startsWith('store.lock') || /\.lock(\.|$)/.test(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path));
    }
  }
  await walk(root);
  return files;
}

const context = useOfflineClient('forget-user');

describe('forgetUser', () => {
  it('removes everything of one user and nothing of anyone else', async () => {
    const client = context.client;
    const store = join(context.directory, 'Skills');
    await client.addSkills([document('invoice-tags', LIBRARY_TEXT)], {
      scope: 'common',
      owner: 'Common',
    });
    const [bob] = await client.addSkills([document('fern-audit', BOB_TEXT)], {
      scope: 'user',
      owner: 'bob',
    });
    const [alice] = await client.addSkills([document('vellum-deploy', ALICE_TEXT)], {
      scope: 'user',
      owner: 'alice',
    });
    if (!alice || !bob) throw new Error('setup');
    // A second version (history) and a learned skill (a finished learning job).
    const markdown = (await client.exportSkillMd(alice.id)).replace(ALICE_TEXT, ALICE_EDIT);
    await client.saveSkillMd(alice.id, markdown, { userId: 'alice' });
    const job = client.learning.schedule({
      userId: 'alice',
      messages: [{ role: 'user', content: ALICE_LEARNED }],
    });
    const learned = (await client.learning.waitFor(job.id)).result?.added[0]?.id as string;
    expect((await client.list({ userId: 'alice' })).length).toBe(2);
    // A pruned (archived) skill of hers and a usage record of each of her skills.
    await client.archive(learned, { userId: 'alice' });
    client.recordTurnUsage({
      userId: 'alice',
      query: 'how do I deploy?',
      retrievedIds: [alice.id],
      injectedIds: [alice.id],
      answer: 'Fold the vellum thrice, then deploy.',
    });
    await client.flushUsage();
    // A chat session the proxy keeps for her under the store.
    await mkdir(join(store, '.autoskill', 'sessions', 'alice'), { recursive: true });
    await writeFile(join(store, '.autoskill', 'sessions', 'alice', 's1.json'), ALICE_TEXT);
    // One more job waiting when she is forgotten: it must never add a skill back.
    client.learning.schedule({
      userId: 'alice',
      messages: [{ role: 'user', content: ALICE_LEARNED }],
    });

    const before = await tree(store);
    const report = await client.forgetUser('alice');
    await client.learning.idle();

    expect(report.userId).toBe('alice');
    expect(report.deletedSkills).toBeGreaterThanOrEqual(1);
    expect(report.removedAreas).toContain('sessions/alice');
    const after = await tree(store);
    for (const [path, bytes] of after) {
      const text = bytes.toString('latin1');
      for (const secret of ['alice', 'Zanzibar', 'quokka', 'vellum', 'canary', alice.id, learned])
        expect(text.includes(secret), `${path} mentions ${secret}`).toBe(false);
      expect(path.includes('alice')).toBe(false);
    }
    // Bob's skill and the library are byte-identical.
    for (const [path, bytes] of before) {
      if (!path.startsWith('Users/bob/') && !path.startsWith('Common/')) continue;
      expect(after.get(path)?.equals(bytes), path).toBe(true);
    }
    expect(await client.list({ userId: 'alice' })).toEqual([]);
    expect(client.learning.list('alice')).toEqual([]);
    const hits = await client.search('quokka vellum borealis deploy', {
      userId: 'alice',
      scope: 'all',
    });
    expect(hits.filter((hit) => hit.skill.scope === 'user')).toEqual([]);
    const bobHits = await client.search('marmalade otter ferns audit', { userId: 'bob' });
    expect(bobHits.map((hit) => hit.skill.id)).toEqual([bob.id]);
    expect((await client.versions(bob.id)).length).toBe(1);

    // A second client opening the store from disk (catalog, journal, vector files) finds nothing of hers.
    const reopened = new AutoSkill({
      storeDir: store,
      logger: 'silent',
      llm: { provider: 'mock' },
      embeddings: { provider: 'hashing' },
      env: {},
    });
    try {
      expect(await reopened.list({ userId: 'alice' })).toEqual([]);
      expect(await reopened.get(alice.id)).toBeUndefined();
      const again = await reopened.search('quokka vellum borealis', {
        userId: 'alice',
        scope: 'all',
      });
      expect(again.filter((hit) => hit.skill.scope === 'user')).toEqual([]);
      expect((await reopened.list({ scope: 'common' })).length).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it('refuses anything but one safe user id (no wildcard, no path)', async () => {
    for (const userId of ['', '..', '../bob', 'a/b', '*', '%', ' ', 'a\\b'])
      await expect(
        context.client.forgetUser(userId),
        JSON.stringify(userId),
      ).rejects.toBeInstanceOf(AutoSkillError);
    await expect(context.client.forgetUser(undefined as unknown as string)).rejects.toBeInstanceOf(
      AutoSkillError,
    );
  });

  it('forgetting an unknown user is a no-op report', async () => {
    const report = await context.client.forgetUser('nobody');
    expect(report).toEqual({
      userId: 'nobody',
      deletedSkills: 0,
      forgottenJobs: 0,
      removedAreas: [],
    });
  });
});
