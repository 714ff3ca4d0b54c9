import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { UsageError } from './usage-error';

/** Writes one skill's files under `root/<name>/`, refusing paths that leave it. */
export async function writeFolder(
  root: string,
  name: string,
  files: Record<string, Uint8Array>,
): Promise<string> {
  const folder = resolve(join(root, name));
  for (const [path, content] of Object.entries(files)) {
    const target = resolve(folder, path);
    if (!target.startsWith(folder + sep))
      throw new UsageError(`refusing to write ${JSON.stringify(path)} outside ${folder}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return folder;
}
