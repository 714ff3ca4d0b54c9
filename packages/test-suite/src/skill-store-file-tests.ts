import type { SkillFile } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  BAD_NAMES,
  BAD_PATHS,
  BAD_USER_IDS,
  bytes,
  hasCode,
  randomId,
  type SkillStoreTestContext,
  sampleDocument,
  text,
  userSkill,
} from './skill-store-test-kit';

/** Resource files byte for byte, and the checks that keep bad input out of the store. */
export function defineFileTests(context: SkillStoreTestContext): void {
  const { store, user } = context;

  describe('files', () => {
    it('reads SKILL.md and resources back byte for byte', async () => {
      const binary = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
      const stored = await store().put(userSkill(user(), { id: randomId() }), {
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
      const files = await store().readFiles(stored.id);
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
      await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/a.sh', content: 'a' }],
      });
      const kept = await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/b.sh', content: 'b' }],
      });
      expect(kept.files).toEqual(['scripts/a.sh', 'scripts/b.sh']);
      const replaced = await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/c.sh', content: 'c' }],
        replaceFiles: true,
      });
      expect(replaced.files).toEqual(['scripts/c.sh']);
      const paths = (await store().readFiles(id))?.map((file) => file.path);
      expect(paths).toEqual(['SKILL.md', 'scripts/c.sh']);
    });
  });

  describe('validation', () => {
    it.each(BAD_USER_IDS)('rejects the user id %j and stores nothing', async (owner) => {
      await expect(store().put(userSkill(owner, { id: randomId() }))).rejects.toSatisfy(
        hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'),
      );
      expect(await store().list({ scope: 'user' })).toEqual([]);
    });

    it.each(BAD_NAMES)('rejects the skill name %j', async (badName) => {
      await expect(
        store().put(userSkill(user(), { id: randomId(), name: badName })),
      ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT', 'SKILL_VALIDATION_ERROR'));
      expect(await store().list({ scope: 'user', owner: user() })).toEqual([]);
    });

    it.each(BAD_PATHS)(
      'rejects the resource path %j and keeps the previous skill intact',
      async (path) => {
        const id = randomId();
        const before = await store().put(userSkill(user(), { id }), {
          files: [{ path: 'scripts/ok.sh', content: 'ok' }],
        });
        const files: SkillFile[] = [
          { path: 'scripts/first.sh', content: 'first' },
          { path, content: 'bad' },
          { path: 'scripts/last.sh', content: 'last' },
        ];
        await expect(
          store().put(userSkill(user(), { id, description: 'Must not be stored.' }), { files }),
        ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'));
        expect(await store().get(id)).toEqual(before);
        expect((await store().readFiles(id))?.map((file) => file.path)).toEqual([
          'SKILL.md',
          'scripts/ok.sh',
        ]);
        expect((await store().history(id)).length).toBe(1);
      },
    );

    it('rejects a resource that would be a file and a folder at once', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id }), {
        files: [{ path: 'references/a.md', content: 'a' }],
      });
      await expect(
        store().put(userSkill(user(), { id }), {
          files: [{ path: 'references', content: 'clash' }],
        }),
      ).rejects.toSatisfy(hasCode('INVALID_ARGUMENT'));
      expect((await store().get(id))?.files).toEqual(['references/a.md']);
      expect((await store().history(id)).length).toBe(1);
    });

    it('rejects an unknown scope and an unsafe library name', async () => {
      await expect(
        store().put({
          ...sampleDocument({ id: randomId() }),
          scope: 'global' as 'user',
          owner: user(),
        }),
      ).rejects.toSatisfy(hasCode('INVALID_ARGUMENT'));
      await expect(
        store().put({ ...sampleDocument({ id: randomId() }), scope: 'common', owner: '../lib' }),
      ).rejects.toSatisfy(hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT'));
      expect(await store().list()).toEqual([]);
    });
  });
}
