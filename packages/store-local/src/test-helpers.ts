// Shared by this package's tests only (not exported).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkillDocument, SkillPutInput } from '@autoskill/core';

export function sampleDocument(overrides: Partial<SkillDocument> = {}): SkillDocument {
  return {
    id: '',
    name: 'release-checklist',
    title: 'Release checklist',
    description: 'Steps to ship a release safely. Use when the user prepares a release.',
    instructions: '# Goal\n\nShip a release.\n\n## Steps\n\n1. Run the tests.',
    version: '0.1.0',
    tags: ['release'],
    triggers: ['prepare a release'],
    examples: [],
    metadata: {},
    extra: {},
    ...overrides,
  };
}

export function userSkill(owner: string, overrides: Partial<SkillDocument> = {}): SkillPutInput {
  return { ...sampleDocument(overrides), scope: 'user', owner };
}

/**
 * Every path below `directory` (relative, sorted), folders with a trailing slash. The store's
 * write lock (`.autoskill/store.lock`) and its holder record (`store.lock.holder.json`) are left
 * out: they linger ~20 ms after a write, so whether they are on disk at the moment of the walk is
 * timing, not state.
 */
export async function listTree(directory: string): Promise<string[]> {
  const result: string[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(join(directory, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === 'store.lock' || entry.name === 'store.lock.holder.json') continue;
      if (entry.isDirectory()) {
        result.push(`${path}/`);
        await walk(path);
      } else result.push(path);
    }
  };
  await walk('');
  return result.sort();
}
