import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkillEntry } from './skill-entry-table';
import { type RevisionRecord, sha256 } from './skill-history';
import type { StoreContext } from './store-context';
import { insideRoot } from './store-paths';

/**
 * The revision record of content that is on disk but not in history (found on disk or edited by
 * hand). With `copyToHistory`, its SKILL.md text is returned and its resources are copied into
 * history blobs, so the next write can record it before its own revision.
 */
export async function pendingRevision(
  context: StoreContext,
  entry: SkillEntry,
  options: { copyToHistory: boolean },
): Promise<{ record: RevisionRecord; text: string }> {
  const folder = insideRoot(context.directory, entry.folder);
  const id = entry.skill.id;
  const markdownPath = join(folder, 'SKILL.md');
  const savedAt = (await stat(markdownPath)).mtime.toISOString();
  const files: Record<string, string> = {};
  let markdown = entry.markdownHash;
  let text = '';
  if (options.copyToHistory) {
    text = await readFile(markdownPath, 'utf8');
    markdown = sha256(text);
    for (const path of entry.skill.files) {
      const content = await context.readResource(folder, path);
      if (content) files[path] = await context.history.writeBlob(id, content);
    }
  }
  const records = await context.records(entry);
  const record: RevisionRecord = {
    revision: (records.at(-1)?.revision ?? 0) + 1,
    version: entry.skill.version,
    savedAt,
    reason: records.length > 0 ? 'external-edit' : 'discovered',
    scope: entry.skill.scope,
    owner: entry.skill.owner,
    name: entry.skill.name,
    markdown,
    files,
  };
  return { record, text };
}
