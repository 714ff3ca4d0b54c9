import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import {
  assertSafeRelativePath,
  InvalidArgumentError,
  type Skill,
  type SkillStore,
  UnsafePathError,
} from '@autoskill/core';

/** All files of a skill folder, keyed by relative path. */
export async function exportSkillDir(
  store: SkillStore,
  id: string,
): Promise<Record<string, Uint8Array>> {
  const files = (await store.readFiles(id)) ?? [];
  const encoder = new TextEncoder();
  return Object.fromEntries(
    files.map((file) => [
      file.path,
      typeof file.content === 'string' ? encoder.encode(file.content) : file.content,
    ]),
  );
}

/** Writes skills as `rootDir/<name>/…` folders; duplicate names get `-2`, `-3`…; returns the folders. */
export async function writeSkillDirs(
  store: SkillStore,
  skills: Skill[],
  rootDir: string,
): Promise<string[]> {
  if (typeof rootDir !== 'string' || rootDir === '')
    throw new InvalidArgumentError('rootDir', 'must be a folder path');
  const root = resolve(rootDir);
  const existing = await stat(root).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new InvalidArgumentError('rootDir', `${JSON.stringify(rootDir)} is not a folder`);
  const used = new Set<string>();
  const written: string[] = [];
  for (const skill of skills) {
    let folderName = skill.name;
    for (let suffix = 2; used.has(folderName); suffix++) folderName = `${skill.name}-${suffix}`;
    used.add(folderName);
    const folder = join(root, folderName);
    for (const [path, content] of Object.entries(await exportSkillDir(store, skill.id))) {
      assertSafeRelativePath(path);
      const target = resolve(folder, path);
      if (!target.startsWith(folder + sep))
        throw new UnsafePathError('file path', path, 'leaves the skill folder');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    written.push(folder);
  }
  return written;
}
