import {
  AutoSkillError,
  type Skill,
  type SkillDocument,
  type SkillFile,
  type SkillPutInput,
  type SkillStore,
} from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** How the conformance suite gets a store. */
export interface SkillStoreSuiteOptions {
  /** A fresh, empty store for each test. */
  createStore(): Promise<SkillStore>;
  /**
   * Closes `store` and opens it again over the same data (persistent stores only). When given,
   * the suite checks that skills, resources and history survive a restart.
   */
  reopen?(store: SkillStore): Promise<SkillStore>;
  /** Called after each test with the last store in use. */
  cleanup?(store: SkillStore): Promise<void>;
}

const BAD_USER_IDS = ['../x', 'a/b', 'a\\b', 'x\0y', '/abs', '..', ''];
const BAD_NAMES = ['Bad Name', '../escape', 'a/b', 'UPPER', '-leading', 'x'.repeat(65), ''];
const BAD_PATHS = [
  '../outside.txt',
  '/etc/passwd',
  'scripts/../../x',
  '.hidden',
  'a\\b.txt',
  'x\0y',
  'SKILL.md',
];

/**
 * Runs the `SkillStore` conformance tests (vitest) against an implementation.
 *
 * ```ts
 * runSkillStoreTests('my store', { createStore: async () => createMyStore() });
 * ```
 */
export function runSkillStoreTests(name: string, options: SkillStoreSuiteOptions): void {
  if (typeof options?.createStore !== 'function') {
    throw new TypeError(
      'runSkillStoreTests(name, options): options.createStore must be a function',
    );
  }

  describe(`SkillStore conformance: ${name}`, () => {
    let store: SkillStore;
    let user: string;

    beforeEach(async () => {
      store = await options.createStore();
      user = randomOwner('user');
    });

    afterEach(async () => {
      await options.cleanup?.(store);
    });

    const reopenIfPossible = async () => {
      if (options.reopen) store = await options.reopen(store);
    };

    describe('put / get / list / delete', () => {
      it('stores a new skill at revision 1 and gives it an id', async () => {
        const stored = await store.put(userSkill(user, { id: '' }));
        expect(stored.id).toMatch(/^[0-9a-f-]{36}$/i);
        expect(stored.revision).toBe(1);
        expect(stored.scope).toBe('user');
        expect(stored.owner).toBe(user);
        expect(stored.files).toEqual([]);
        const read = await store.get(stored.id);
        expect(read).toEqual(stored);
        expect(read?.description).toBe(sampleDocument().description);
        expect(read?.instructions).toBe(sampleDocument().instructions);
        expect(read?.triggers).toEqual(sampleDocument().triggers);
      });

      it('returns copies: changing a returned skill does not change the store', async () => {
        const stored = await store.put(userSkill(user, { id: randomId() }));
        stored.tags.push('mutated');
        const read = await store.get(stored.id);
        if (!read) throw new Error('skill missing');
        read.triggers.push('mutated');
        read.metadata.extra = 'mutated';
        (await store.list({ scope: 'user', owner: user }))[0]?.tags.push('mutated');
        const again = await store.get(stored.id);
        expect(again?.tags).toEqual(['release']);
        expect(again?.triggers).toEqual(sampleDocument().triggers);
        expect(again?.metadata).toEqual({});
      });

      it('keeps the id the caller gives', async () => {
        const id = randomId();
        const stored = await store.put(userSkill(user, { id }));
        expect(stored.id).toBe(id);
        expect((await store.get(id))?.name).toBe('release-checklist');
      });

      it('returns undefined for an unknown id', async () => {
        expect(await store.get(randomId())).toBeUndefined();
        expect(await store.readFiles(randomId())).toBeUndefined();
        expect(await store.history(randomId())).toEqual([]);
        expect(await store.getRevision(randomId(), 1)).toBeUndefined();
      });

      it('lists skills sorted by name, then id', async () => {
        await store.put(userSkill(user, { id: randomId(), name: 'zebra-notes' }));
        await store.put(userSkill(user, { id: randomId(), name: 'alpha-notes' }));
        await store.put(userSkill(user, { id: randomId(), name: 'middle-notes' }));
        const listed = await store.list({ scope: 'user', owner: user });
        expect(listed.map((skill) => skill.name)).toEqual([
          'alpha-notes',
          'middle-notes',
          'zebra-notes',
        ]);
      });

      it('deletes a skill with its history; deleting again or a missing id returns false', async () => {
        const stored = await store.put(userSkill(user, { id: randomId() }));
        await store.put(
          userSkill(user, { id: stored.id, description: 'Second description of the skill.' }),
        );
        expect(await store.delete(stored.id)).toBe(true);
        expect(await store.get(stored.id)).toBeUndefined();
        expect(await store.history(stored.id)).toEqual([]);
        expect(await store.readFiles(stored.id)).toBeUndefined();
        expect(await store.list({ scope: 'user', owner: user })).toEqual([]);
        expect(await store.delete(stored.id)).toBe(false);
        expect(await store.delete(randomId())).toBe(false);
      });

      it('gives a colliding name of the same owner a numeric suffix, but not across owners', async () => {
        const other = randomOwner('other');
        const first = await store.put(userSkill(user, { id: randomId() }));
        const second = await store.put(userSkill(user, { id: randomId() }));
        const third = await store.put(userSkill(user, { id: randomId() }));
        const foreign = await store.put(userSkill(other, { id: randomId() }));
        expect([first.name, second.name, third.name]).toEqual([
          'release-checklist',
          'release-checklist-2',
          'release-checklist-3',
        ]);
        expect(foreign.name).toBe('release-checklist');
        expect((await store.get(second.id))?.name).toBe('release-checklist-2');
      });

      it('renames a skill when it is put with a new name', async () => {
        const stored = await store.put(userSkill(user, { id: randomId() }), {
          files: [{ path: 'references/notes.md', content: 'notes' }],
        });
        const renamed = await store.put(
          userSkill(user, { id: stored.id, name: 'shipping-checklist' }),
        );
        expect(renamed.name).toBe('shipping-checklist');
        expect(renamed.files).toEqual(['references/notes.md']);
        const listed = await store.list({ scope: 'user', owner: user });
        expect(listed.map((skill) => skill.name)).toEqual(['shipping-checklist']);
        await reopenIfPossible();
        expect((await store.get(stored.id))?.name).toBe('shipping-checklist');
      });

      it('keeps createdAt and never repeats a version label for new content', async () => {
        const stored = await store.put(userSkill(user, { id: randomId(), version: '0.2.0' }));
        const again = await store.put(userSkill(user, { id: stored.id, version: '0.1.0' }));
        expect(again.createdAt).toBe(stored.createdAt);
        expect(again.version).toBe('0.2.1');
        const bumped = await store.put(userSkill(user, { id: stored.id, version: '1.0.0' }));
        expect(bumped.version).toBe('1.0.0');
      });
    });

    describe('scopes and owners', () => {
      it('separates user skills from library skills and users from each other', async () => {
        const other = randomOwner('other');
        const library = randomOwner('library');
        const mine = await store.put(userSkill(user, { id: randomId(), name: 'mine' }));
        const theirs = await store.put(userSkill(other, { id: randomId(), name: 'theirs' }));
        const shared = await store.put({
          ...sampleDocument({ id: randomId(), name: 'shared' }),
          scope: 'common',
          owner: library,
        });
        const root = await store.put({
          ...sampleDocument({ id: randomId(), name: 'root-shared' }),
          scope: 'common',
          owner: 'Common',
        });
        expect(shared.scope).toBe('common');
        expect(shared.owner).toBe(library);
        expect(root.owner).toBe('Common');

        const ids = (skills: Skill[]) => skills.map((skill) => skill.id);
        expect(ids(await store.list({ scope: 'user', owner: user }))).toEqual([mine.id]);
        expect(ids(await store.list({ scope: 'user', owner: other }))).toEqual([theirs.id]);
        const all = ids(await store.list({ scope: 'all', owner: user }));
        expect(all).toContain(mine.id);
        expect(all).toContain(shared.id);
        expect(all).toContain(root.id);
        expect(all).not.toContain(theirs.id);
        const common = ids(await store.list({ scope: 'common' }));
        expect(common).toContain(shared.id);
        expect(common).toContain(root.id);
        expect(common).not.toContain(mine.id);
        const everyUser = ids(await store.list({ scope: 'user' }));
        expect(everyUser).toEqual(expect.arrayContaining([mine.id, theirs.id]));
        expect(everyUser).not.toContain(shared.id);
        const everything = ids(await store.list());
        expect(everything).toEqual(
          expect.arrayContaining([mine.id, theirs.id, shared.id, root.id]),
        );
        expect((await store.get(shared.id))?.owner).toBe(library);
      });
    });

    describe('revisions', () => {
      it('records every put as a revision and returns old content by revision', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id, description: 'First version of the skill.' }), {
          reason: 'create',
        });
        await store.put(userSkill(user, { id, description: 'Second version of the skill.' }), {
          reason: 'edit',
        });
        const second = await store.getRevision(id, 2);
        expect(second?.description).toBe('Second version of the skill.');
        expect((await store.getRevision(id, 1))?.revision).toBe(1);
        expect(await store.getRevision(id, 3)).toBeUndefined();
        const history = await store.history(id);
        expect(history.map((entry) => entry.revision)).toEqual([1, 2]);
        expect(history.map((entry) => entry.reason)).toEqual(['create', 'edit']);
        expect(history.map((entry) => entry.version)).toEqual(['0.1.0', '0.1.1']);
        expect(history.every((entry) => !Number.isNaN(Date.parse(entry.savedAt)))).toBe(true);
      });

      it('restores a revision exactly on rollback and bumps past the highest version afterwards', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id, description: 'First version of the skill.' }), {
          reason: 'create',
        });
        const firstFiles = await store.readFiles(id);
        await store.put(userSkill(user, { id, description: 'Second version of the skill.' }), {
          reason: 'edit',
        });
        const first = await store.getRevision(id, 1);
        if (!first) throw new Error('revision 1 missing');
        const restored = await store.put(first, { reason: 'rollback', restoredFrom: 1 });
        expect(restored.revision).toBe(3);
        expect(restored.version).toBe('0.1.0');
        expect(restored.description).toBe('First version of the skill.');
        expect(restored.updatedAt).toBe(first.updatedAt);
        expect((await store.readFiles(id))?.[0]?.content).toBe(firstFiles?.[0]?.content);
        const history = await store.history(id);
        expect(
          history.map((entry) => [entry.revision, entry.version, entry.reason, entry.restoredFrom]),
        ).toEqual([
          [1, '0.1.0', 'create', undefined],
          [2, '0.1.1', 'edit', undefined],
          [3, '0.1.0', 'rollback', 1],
        ]);
        const next = await store.put(
          userSkill(user, { id, version: '0.1.0', description: 'After the rollback.' }),
        );
        expect(next.version).toBe('0.1.2');
      });

      it('restores the resources of a revision on rollback', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/one.sh', content: 'echo one\n' }],
        });
        await store.put(userSkill(user, { id, description: 'Second.' }), {
          files: [{ path: 'scripts/two.sh', content: 'echo two\n' }],
          replaceFiles: true,
        });
        const first = await store.getRevision(id, 1);
        if (!first) throw new Error('revision 1 missing');
        await expect(store.put(first, { reason: 'rollback', restoredFrom: 9 })).rejects.toSatisfy(
          hasCode('INVALID_ARGUMENT'),
        );
        const restored = await store.put(first, { reason: 'rollback', restoredFrom: 1 });
        expect(restored.files).toEqual(['scripts/one.sh']);
        const files = await store.readFiles(id);
        expect(files?.map((file) => file.path)).toEqual(['SKILL.md', 'scripts/one.sh']);
        expect(text(files?.[1]?.content)).toBe('echo one\n');
      });

      it('keeps the resources of old revisions', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/run.sh', content: 'echo one\n' }],
        });
        await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/other.sh', content: 'echo two\n' }],
          replaceFiles: true,
        });
        expect((await store.getRevision(id, 1))?.files).toEqual(['scripts/run.sh']);
        expect((await store.getRevision(id, 2))?.files).toEqual(['scripts/other.sh']);
        const old = await store.readFiles(id, { revision: 1 });
        expect(old?.map((file) => file.path)).toEqual(['SKILL.md', 'scripts/run.sh']);
        expect(text(old?.[1]?.content)).toBe('echo one\n');
        expect(String(old?.[0]?.content)).toContain('release-checklist');
        expect(await store.readFiles(id, { revision: 7 })).toBeUndefined();
      });

      it('rejects a put whose expectedRevision is stale (CONFLICT) and keeps the stored skill', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id }), { expectedRevision: 0 });
        await expect(store.put(userSkill(user, { id }), { expectedRevision: 0 })).rejects.toSatisfy(
          hasCode('CONFLICT'),
        );
        const second = await store.put(
          userSkill(user, { id, description: 'Updated by writer A.' }),
          {
            expectedRevision: 1,
          },
        );
        expect(second.revision).toBe(2);
        await expect(
          store.put(userSkill(user, { id, description: 'Updated by writer B.' }), {
            expectedRevision: 1,
          }),
        ).rejects.toSatisfy(hasCode('CONFLICT'));
        expect((await store.get(id))?.description).toBe('Updated by writer A.');
        expect((await store.history(id)).length).toBe(2);
      });
    });

    describe('files', () => {
      it('reads SKILL.md and resources back byte for byte', async () => {
        const binary = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
        const stored = await store.put(userSkill(user, { id: randomId() }), {
          files: [
            { path: 'scripts/run.py', content: 'print("hi")\n' },
            { path: 'assets/logo.bin', content: binary },
            { path: 'references/深い/説明.md', content: '说明 ✓\n' },
          ],
        });
        expect(stored.files).toEqual([
          'assets/logo.bin',
          'references/深い/説明.md',
          'scripts/run.py',
        ]);
        const files = await store.readFiles(stored.id);
        expect(files?.[0]?.path).toBe('SKILL.md');
        expect(typeof files?.[0]?.content).toBe('string');
        expect(String(files?.[0]?.content)).toContain('release-checklist');
        const byPath = new Map((files ?? []).map((file) => [file.path, file.content]));
        expect(bytes(byPath.get('assets/logo.bin'))).toEqual(binary);
        expect(text(byPath.get('scripts/run.py'))).toBe('print("hi")\n');
        expect(text(byPath.get('references/深い/説明.md'))).toBe('说明 ✓\n');
      });

      it('keeps existing resources unless replaceFiles is set', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/a.sh', content: 'a' }],
        });
        const kept = await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/b.sh', content: 'b' }],
        });
        expect(kept.files).toEqual(['scripts/a.sh', 'scripts/b.sh']);
        const replaced = await store.put(userSkill(user, { id }), {
          files: [{ path: 'scripts/c.sh', content: 'c' }],
          replaceFiles: true,
        });
        expect(replaced.files).toEqual(['scripts/c.sh']);
        const paths = (await store.readFiles(id))?.map((file) => file.path);
        expect(paths).toEqual(['SKILL.md', 'scripts/c.sh']);
      });
    });

    describe('validation', () => {
      it.each(BAD_USER_IDS)('rejects the user id %j and stores nothing', async (owner) => {
        await expect(store.put(userSkill(owner, { id: randomId() }))).rejects.toSatisfy(
          hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'),
        );
        expect(await store.list({ scope: 'user' })).toEqual([]);
      });

      it.each(BAD_NAMES)('rejects the skill name %j', async (badName) => {
        await expect(
          store.put(userSkill(user, { id: randomId(), name: badName })),
        ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT', 'SKILL_VALIDATION_ERROR'));
        expect(await store.list({ scope: 'user', owner: user })).toEqual([]);
      });

      it.each(BAD_PATHS)(
        'rejects the resource path %j and keeps the previous skill intact',
        async (path) => {
          const id = randomId();
          const before = await store.put(userSkill(user, { id }), {
            files: [{ path: 'scripts/ok.sh', content: 'ok' }],
          });
          const files: SkillFile[] = [
            { path: 'scripts/first.sh', content: 'first' },
            { path, content: 'bad' },
            { path: 'scripts/last.sh', content: 'last' },
          ];
          await expect(
            store.put(userSkill(user, { id, description: 'Must not be stored.' }), { files }),
          ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'));
          expect(await store.get(id)).toEqual(before);
          expect((await store.readFiles(id))?.map((file) => file.path)).toEqual([
            'SKILL.md',
            'scripts/ok.sh',
          ]);
          expect((await store.history(id)).length).toBe(1);
        },
      );

      it('rejects a resource that would be a file and a folder at once', async () => {
        const id = randomId();
        await store.put(userSkill(user, { id }), {
          files: [{ path: 'references/a.md', content: 'a' }],
        });
        await expect(
          store.put(userSkill(user, { id }), { files: [{ path: 'references', content: 'clash' }] }),
        ).rejects.toSatisfy(hasCode('INVALID_ARGUMENT'));
        expect((await store.get(id))?.files).toEqual(['references/a.md']);
        expect((await store.history(id)).length).toBe(1);
      });

      it('rejects an unknown scope and an unsafe library name', async () => {
        await expect(
          store.put({
            ...sampleDocument({ id: randomId() }),
            scope: 'global' as 'user',
            owner: user,
          }),
        ).rejects.toSatisfy(hasCode('INVALID_ARGUMENT'));
        await expect(
          store.put({ ...sampleDocument({ id: randomId() }), scope: 'common', owner: '../lib' }),
        ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'));
        expect(await store.list()).toEqual([]);
      });
    });

    if (options.reopen) {
      describe('persistence', () => {
        it('keeps skills, resources and history across a restart', async () => {
          const id = randomId();
          await store.put(userSkill(user, { id, description: 'Before restart, revision one.' }), {
            files: [{ path: 'scripts/run.sh', content: 'echo 1\n' }],
            reason: 'create',
          });
          const latest = await store.put(
            userSkill(user, { id, description: 'Before restart, revision two.' }),
            {
              files: [{ path: 'assets/data.bin', content: new Uint8Array([9, 8, 7]) }],
              reason: 'edit',
            },
          );
          const historyBefore = await store.history(id);
          const filesBefore = await store.readFiles(id);
          const firstBefore = await store.getRevision(id, 1);
          await reopenIfPossible();
          expect(await store.get(id)).toEqual(latest);
          expect(await store.history(id)).toEqual(historyBefore);
          expect(await store.getRevision(id, 1)).toEqual(firstBefore);
          expect(normalizeFiles(await store.readFiles(id))).toEqual(normalizeFiles(filesBefore));
          const third = await store.put(userSkill(user, { id }), { expectedRevision: 2 });
          expect(third.revision).toBe(3);
        });
      });
    }
  });
}

/** A valid document with a body that contains level-1 and level-2 headings (round-trip trap). */
function sampleDocument(overrides: Partial<SkillDocument> = {}): SkillDocument {
  return {
    id: '',
    name: 'release-checklist',
    title: 'Release checklist',
    description: 'Steps to ship a release safely. Use when the user prepares a release.',
    instructions:
      '# Goal\n\nShip a release without surprises.\n\n## Steps\n\n1. Run the tests.\n2. Tag the commit.',
    version: '0.1.0',
    tags: ['release'],
    triggers: ['prepare a release', 'ship version'],
    examples: [],
    metadata: {},
    extra: {},
    ...overrides,
  };
}

function userSkill(owner: string, overrides: Partial<SkillDocument> = {}): SkillPutInput {
  return { ...sampleDocument(overrides), scope: 'user', owner };
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

function randomOwner(prefix: string): string {
  return `${prefix}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

function hasCode(...codes: string[]): (error: unknown) => boolean {
  return (error) => AutoSkillError.isInstance(error) && codes.includes(error.code);
}

function bytes(content: Uint8Array | string | undefined): Uint8Array | undefined {
  if (content === undefined) return undefined;
  return typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
}

function text(content: Uint8Array | string | undefined): string | undefined {
  if (content === undefined) return undefined;
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

function normalizeFiles(
  files: SkillFile[] | undefined,
): { path: string; content: number[] }[] | undefined {
  return files?.map((file) => ({ path: file.path, content: [...(bytes(file.content) ?? [])] }));
}
