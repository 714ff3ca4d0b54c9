import { assertSafeLibraryName } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { libraryNameForFolder } from './index';

describe('libraryNameForFolder', () => {
  it('names a library after its folder, made safe for the store', () => {
    expect(libraryNameForFolder('/srv/skills/anthropic-skills')).toBe('anthropic-skills');
    expect(libraryNameForFolder('relative/团队 技能')).toBe('团队-技能');
    expect(libraryNameForFolder('/srv/.hidden lib!')).toBe('hidden-lib-');
    expect(libraryNameForFolder('/')).toBe('library');
    for (const folder of ['/a/..', '/srv/.hidden lib!', '/x/with/slash/']) {
      expect(() => assertSafeLibraryName(libraryNameForFolder(folder))).not.toThrow();
    }
  });
});
