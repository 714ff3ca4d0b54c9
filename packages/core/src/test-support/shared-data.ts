// Test-only helper (not part of any entry point): the real skill folders in ../shared/data.
// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readdirSync, statSync } from 'node:fs';
// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { join, resolve } from 'node:path';

/** Absolute path of the workspace's shared data folder (../shared/data from the repository). */
export const SHARED_DATA = resolve(import.meta.dirname, '../../../../../shared/data');

/** Every SKILL.md below `directory` (default: all of shared/data), sorted. */
export function sharedSkillFiles(directory: string = SHARED_DATA): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) found.push(...sharedSkillFiles(path));
    else if (entry === 'SKILL.md') found.push(path);
  }
  return found.sort();
}
