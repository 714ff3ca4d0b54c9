import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeJournal } from './change-journal';

describe('ChangeJournal', () => {
  let temp: TempDirectory | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });

  it('starts a new file past its size limit; other readers are told to rescan once', async () => {
    temp = await createTempDirectory();
    const path = join(temp.path, 'journal.log');
    const writer = new ChangeJournal(path, { maxBytes: 2_000 });
    const reader = new ChangeJournal(path, { maxBytes: 2_000 });
    await reader.skipToEnd();

    await writer.append({ operation: 'put', id: 'first', folder: 'Users/u/first', revision: 1 });
    const early = await reader.readNew();
    expect(early).toEqual({ reset: false, entries: [expect.objectContaining({ id: 'first' })] });

    for (let index = 0; index < 40; index++) {
      const entry = await writer.append({ operation: 'put', id: `skill-${index}`, revision: 1 });
      expect(entry.sequence).toBe(index + 2); // sequence numbers never restart
    }
    const text = await readFile(path, 'utf8');
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toContain('"id":"skill-39"');

    const later = await reader.readNew();
    expect(later.reset).toBe(true);
    // After the rescan the reader follows the new file normally.
    await writer.append({ operation: 'delete', id: 'skill-3' });
    const next = await reader.readNew();
    expect(next.reset).toBe(false);
    expect(next.entries.map((entry) => entry.id)).toContain('skill-3');

    // A process opening now continues the numbering from the tail of the new file.
    const reopened = new ChangeJournal(path);
    await reopened.skipToEnd();
    const appended = await reopened.append({ operation: 'delete', id: 'skill-4' });
    expect(appended.sequence).toBe(43);
  });
});
