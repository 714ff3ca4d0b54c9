import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSkillId, type SkillDocument } from '@autoskill/core';
import { createLocalSkillStore } from '@autoskill/store-local';
import { createFlatVectorIndex } from '@autoskill/vectors-flat';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoSkill } from './auto-skill';
import { searchIndexPath } from './search-index-file';
import { useOfflineClient } from './test-support/offline-client';

const context = useOfflineClient('saved-index');
const opened: AutoSkill[] = [];

async function closeOpened(): Promise<void> {
  for (const client of opened.splice(0)) await client.close();
}

afterEach(closeOpened);

/** Another client on the same store, as a later process would open it. */
function reopen(): AutoSkill {
  const client = new AutoSkill({
    storeDir: join(context.directory, 'Skills'),
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
  });
  opened.push(client);
  return client;
}

function document(name: string, text: string): SkillDocument {
  return {
    id: createSkillId(),
    name,
    title: name,
    description: `${text} Use when this comes up.`,
    instructions: `# ${name}\n\n${text}\n`,
    version: '0.1.0',
    tags: [],
    triggers: [],
    examples: [],
    metadata: {},
    extra: {},
  };
}

/** Names of the skills whose words match the query (vector-only neighbours left out). */
const ids = async (client: AutoSkill, query: string) =>
  (await client.search(query, { userId: 'alice', scope: 'all' }))
    .filter((hit) => (hit.keywordScore ?? 0) > 0)
    .map((hit) => hit.skill.name)
    .sort();

describe('the saved search index', () => {
  it('is restored at start and follows writes, hand edits and deletions made meanwhile', async () => {
    await context.client.addSkills(
      [
        document('otter-audit', 'Water the marmalade ferns before the otter audit.'),
        document('vellum-fold', 'Fold the vellum thrice before any borealis deploy.'),
      ],
      { scope: 'user', owner: 'alice' },
    );
    const path = searchIndexPath(join(context.directory, 'Skills'));
    expect(await ids(reopen(), 'marmalade otter')).toEqual(['otter-audit']);
    const saved = await stat(path);
    expect(saved.size).toBeGreaterThan(0);

    // A hand edit while no client runs: the store's content tag changes, the skill is re-read.
    const folder = join(context.directory, 'Skills', 'Users', 'alice', 'otter-audit');
    const markdown = await readFile(join(folder, 'SKILL.md'), 'utf8');
    await writeFile(join(folder, 'SKILL.md'), markdown.replaceAll('marmalade', 'quokka'));
    // A write by another client, and a deletion.
    await context.client.addSkills([document('canary-rollout', 'Canary the quokka release.')], {
      scope: 'common',
      owner: 'Common',
    });
    await rm(join(context.directory, 'Skills', 'Users', 'alice', 'vellum-fold'), {
      recursive: true,
    });

    const later = reopen();
    expect(await ids(later, 'quokka')).toEqual(['canary-rollout', 'otter-audit']);
    expect(await ids(later, 'marmalade')).toEqual([]);
    expect(await ids(later, 'vellum borealis')).toEqual([]);
    expect((await stat(path)).mtimeMs).toBeGreaterThan(saved.mtimeMs);
    // The deleted skill's words are not in the saved file any more.
    expect((await readFile(path)).toString('latin1')).not.toContain('vellum');
  });

  it('follows hand edits of a large store opened from its catalog once its background check is done', async () => {
    const storeDir = join(context.directory, 'Trusted');
    // As a store of 2,000+ skills opens by default: from the catalog, files checked afterwards.
    const trustedClient = async () => {
      const store = await createLocalSkillStore({ directory: storeDir, trustCatalogFrom: 0 });
      const client = new AutoSkill({
        storeDir,
        store,
        logger: 'silent',
        llm: { provider: 'mock' },
        embeddings: { provider: 'hashing' },
        env: {},
      });
      opened.push(client);
      return { client, store };
    };
    const first = await trustedClient();
    await first.client.addSkills(
      [
        document('otter-audit', 'Water the marmalade ferns before the otter audit.'),
        document('vellum-fold', 'Fold the vellum thrice before any borealis deploy.'),
      ],
      { scope: 'user', owner: 'alice' },
    );
    expect(await ids(first.client, 'marmalade')).toEqual(['otter-audit']);
    await first.client.close();
    // Folders written by a process are listed once by the next open (their directories recorded).
    const second = await trustedClient();
    expect(await ids(second.client, 'marmalade')).toEqual(['otter-audit']);
    await second.client.close();

    const folder = join(storeDir, 'Users', 'alice', 'otter-audit');
    const markdown = await readFile(join(folder, 'SKILL.md'), 'utf8');
    await writeFile(join(folder, 'SKILL.md'), markdown.replaceAll('marmalade', 'quokka'));
    await rm(join(storeDir, 'Users', 'alice', 'vellum-fold'), { recursive: true });
    // A folder added by hand: only the background check can find it.
    const added = join(storeDir, 'Users', 'alice', 'quokka-nest');
    await mkdir(added);
    await writeFile(
      join(added, 'SKILL.md'),
      '---\nname: quokka-nest\ndescription: Build the quokka a nest.\n---\n\nUse twigs.\n',
    );

    const later = await trustedClient();
    // The first search restores the index and starts the check (skills it returns are read
    // fresh from disk already); the check finds the rest, and the next search has it all.
    await ids(later.client, 'ferns');
    await later.store.validated();
    expect(await ids(later.client, 'quokka')).toEqual(['otter-audit', 'quokka-nest']);
    expect(await ids(later.client, 'marmalade')).toEqual([]);
    expect(await ids(later.client, 'vellum borealis')).toEqual([]);
  });

  it('embeds a restored skill left without a vector after the first answer', async () => {
    await context.client.addSkills(
      [
        document('otter-audit', 'Water the marmalade ferns before the otter audit.'),
        document('vellum-fold', 'Fold the vellum thrice before any borealis deploy.'),
      ],
      { scope: 'user', owner: 'alice' },
    );
    const status = async (client: AutoSkill) =>
      (await client.vectorStatus({ userId: 'alice', scope: 'user' })).missingSkills;
    const first = reopen();
    // Searching builds the index and saves it with the store's content tags.
    expect(await ids(first, 'marmalade')).toEqual(['otter-audit']);
    expect(await status(first)).toBe(0);
    await closeOpened();
    // As an embedding call that failed at write time leaves it: the skill has no vector.
    const { index, dimensions } = await context.client.vectorStatus();
    const vectors = await createFlatVectorIndex({
      directory: join(context.directory, 'Skills', 'vectors'),
      name: index,
      dimensions,
    });
    const [otter] = await vectors.ids();
    await vectors.delete([otter as string]);
    await vectors.close?.();

    const later = reopen();
    expect(await status(later)).toBe(1);
    expect(await ids(later, 'marmalade vellum')).toEqual(['otter-audit', 'vellum-fold']);
    await vi.waitFor(async () => expect(await status(later)).toBe(0));
  });

  it('is rebuilt from the store when the file is damaged', async () => {
    await context.client.addSkills([document('otter-audit', 'Water the ferns for the otter.')], {
      scope: 'user',
      owner: 'alice',
    });
    expect(await ids(reopen(), 'otter ferns')).toEqual(['otter-audit']);
    const path = searchIndexPath(join(context.directory, 'Skills'));
    await writeFile(path, 'not a search index');
    expect(await ids(reopen(), 'otter ferns')).toEqual(['otter-audit']);
    expect((await readFile(path)).length).toBeGreaterThan(100);
  });
});
