import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parseSkillMarkdown, type Skill } from '@autoskill/core';
import { cloneSkill, type SkillEntry } from './skill-entry-table';
import { insideRoot } from './store-paths';

/**
 * A copy of an entry's skill with its body. Entries restored from the catalog keep only the
 * frontmatter in memory (`bodyOnDisk`): their instructions and examples are read from SKILL.md
 * here, so a large store holds a few hundred bytes per skill instead of every body.
 */
export async function skillWithBody(directory: string, entry: SkillEntry): Promise<Skill> {
  if (!entry.bodyOnDisk) return cloneSkill(entry.skill);
  const path = join(insideRoot(directory, entry.folder), 'SKILL.md');
  try {
    const document = parseSkillMarkdown(await readFile(path, 'utf8'), {
      path: `${entry.folder}/SKILL.md`,
      folderName: posix.basename(entry.folder),
    });
    return cloneSkill({
      ...entry.skill,
      instructions: document.instructions,
      examples: document.examples,
    });
  } catch {
    // Gone or broken since the store opened: what is known without the body (the next scan decides).
    return cloneSkill(entry.skill);
  }
}
