import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSTRAINT, FEEDBACK, tempChat } from '../test-support/temp-chat';
import type { TranscriptEntry } from './chat-state';

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

async function chat() {
  const made = await tempChat();
  disposers.push(made.dispose);
  await made.controller.start();
  const texts = (kind?: TranscriptEntry['kind']) =>
    made.controller
      .getState()
      .entries.filter((entry) => !kind || entry.kind === kind)
      .map((entry) => entry.text);
  return { ...made, texts };
}

describe('the chat controller (what every front end shows)', () => {
  it('sends a /paste … /end block as one message and /cancel drops one', async () => {
    const { controller, texts } = await chat();
    for (const line of ['/paste', 'first line', '', 'third line', '/end'])
      await controller.submit(line);
    expect(texts('user')).toEqual(['first line\n\nthird line']);
    await controller.submit('/paste');
    await controller.submit('never sent');
    await controller.submit('/cancel');
    expect(texts('user')).toHaveLength(1);
    expect(texts('notice')).toContain('Paste cancelled.');
  });

  it('sends a file with /file and says what it sent', async () => {
    const { controller, directory, texts } = await chat();
    await writeFile(join(directory, 'notes.txt'), 'Quarterly numbers: 42 and 7.');
    await controller.submit('/file notes.txt');
    await expect
      .poll(() => texts('assistant').join('\n'))
      .toContain('Quarterly numbers: 42 and 7.');
    expect(texts('user')).toEqual(['[file notes.txt: 28 bytes]']);
    await controller.submit('/file missing.txt');
    expect(texts('error').at(-1)).toMatch(/ENOENT/);
  });

  it('learns now with /extract_now, lists with /skills, writes folders with /write, changes settings', {
    tags: ['slow'],
  }, async () => {
    const { controller, directory, texts } = await chat();
    await controller.submit('/extract never');
    await controller.submit(CONSTRAINT);
    expect(controller.getState().jobs).toEqual([]);
    await controller.submit('/extract_now');
    await controller.settle();
    await expect.poll(() => texts('learning')).toEqual(['learning: added "report-writing" v0.1.0']);
    await controller.submit('/extract auto');
    await controller.submit(FEEDBACK);
    await controller.settle();
    await expect
      .poll(() => texts('learning').at(-1))
      .toBe('learning: merged into "report-writing" v0.1.1');
    await controller.submit('/skills');
    expect(texts('output').at(-1)).toMatch(/^report-writing {2}v0\.1\.1 {2}\S+$/);
    await controller.submit('/write out');
    expect(await readdir(join(directory, 'out'))).toEqual(['report-writing']);
    await controller.submit('/scope user');
    await controller.submit('/extract_every 3');
    expect(controller.getState().settings).toMatchObject({
      skillScope: 'user',
      extractTurnLimit: 3,
      extractMode: 'auto',
    });
    await controller.submit('/rollback report-writing 0.1.0');
    await controller.submit('no');
    expect(texts('notice').at(-1)).toBe(
      'Cancelled: Roll back "report-writing" from v0.1.1 to v0.1.0?',
    );
    await controller.submit('/diff report-writing 0.1.0 0.1.1');
    expect(texts('output').at(-1)).toContain('+++ v0.1.1 (revision 2)');
    await controller.submit('/export nothing-like-this');
    expect(texts('output').at(-1)).toBe('No skill "nothing-like-this". /skills lists yours.');
  });
});
