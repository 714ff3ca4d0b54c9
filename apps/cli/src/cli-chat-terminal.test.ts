// `autoskill chat` end to end in a real terminal (tmux), on the offline defaults: what a person
// types and sees, and what another process finds in the same store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';
import { hasTmux, TmuxTerminal } from './test-support/tmux-terminal';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = resolve(here, '../node_modules/.bin/tsx');
const CONSTRAINT =
  'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.';
const FEEDBACK =
  'Also, always add an executive summary at the top of the report, and keep it under two pages.';

let directory: string;
let terminal: TmuxTerminal | undefined;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-chat-tty-'));
});
afterEach(async () => {
  await terminal?.stop();
  terminal = undefined;
  await rm(directory, { recursive: true, force: true });
});

const tmux = hasTmux();

describe.skipIf(!tmux)('autoskill chat in a terminal (tmux, 80×24)', () => {
  it('learns nothing from a generic request, adds then merges the report skill, lists, survives a resize, exports, rolls back and exits cleanly', {
    tags: ['slow'],
  }, async () => {
    const storeDir = join(directory, 'Skills');
    terminal = await TmuxTerminal.start({
      command: [tsx, join(here, 'bin.ts'), 'chat', '--store-dir', storeDir],
      cwd: directory,
      env: { PATH: process.env.PATH ?? '', HOME: directory, TERM: 'xterm-256color', CI: 'true' },
    });
    const screen = await terminal.waitFor(/offline · 0 skills · 0 learning · scope all/);
    expect(screen).toContain('AutoSkill chat');

    await terminal.type('Write a report about sales.');
    await terminal.press('Enter');
    await terminal.waitFor(/nothing learned: no durable preference/);

    await terminal.type(CONSTRAINT);
    await terminal.press('Enter');
    await terminal.waitFor('added "report-writing" v0.1.0');
    const listed = await runInProcess([
      'list',
      '--store-dir',
      storeDir,
      '--user-id',
      'u1',
      '--json',
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'report-writing', version: '0.1.0' }),
    ]);

    await terminal.type(FEEDBACK);
    await terminal.press('Enter');
    await terminal.waitFor('merged into "report-writing" v0.1.1');

    await terminal.type('/skills');
    await terminal.press('Enter');
    await terminal.waitFor('› report-writing v0.1.1 user');
    await terminal.press('Escape');
    await terminal.waitFor(/^› *$/m);

    // Wider, then back to 80×24: the status bar is drawn whole, then cut again; typing still works.
    await terminal.resize(120, 30);
    await terminal.waitFor(/· rewrite auto · user u1\s*$/m);
    await terminal.resize(80, 24);
    await terminal.waitFor(/· rewrite auto · user…\s*$/m);

    await terminal.type('/export report-writing');
    await terminal.press('Enter');
    await terminal.waitFor(/version: '?0\.1\.1'?/, { history: 200 });

    await terminal.type('/rollback report-writing');
    await terminal.press('Enter');
    await terminal.waitFor('Roll back "report-writing" from v0.1.1 to v0.1.0? (y/N)');
    await terminal.type('y');
    await terminal.press('Enter');
    await terminal.waitFor('Rolled back "report-writing" to v0.1.0');
    const after = await runInProcess([
      'list',
      '--store-dir',
      storeDir,
      '--user-id',
      'u1',
      '--json',
    ]);
    expect(JSON.parse(after.stdout)[0]).toMatchObject({ name: 'report-writing', version: '0.1.0' });

    await terminal.type('/exit');
    await terminal.press('Enter');
    const end = await terminal.waitFor('[exit 0]', { history: 50 });
    expect(end).toContain('Bye.');
  });
});

describe.skipIf(!tmux)('autoskill chat colours (tmux)', () => {
  it('draws colours on a terminal and none at all under NO_COLOR', { tags: ['slow'] }, async () => {
    const start = (extra: Record<string, string>) =>
      TmuxTerminal.start({
        command: [tsx, join(here, 'bin.ts'), 'chat', '--store-dir', join(directory, 'Skills')],
        cwd: directory,
        env: { PATH: process.env.PATH ?? '', HOME: directory, TERM: 'xterm-256color', ...extra },
      });
    const [coloured, plain] = await Promise.all([start({}), start({ NO_COLOR: '1' })]);
    try {
      for (const screen of [coloured, plain]) await screen.waitFor(/offline · 0 skills/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour escapes (SGR 30–37, 90–97, 38;5)
      const colour = /\u001B\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/;
      expect(await coloured.screen(0, true)).toMatch(colour);
      expect(await plain.screen(0, true)).not.toMatch(colour);
    } finally {
      await Promise.all([coloured.stop(), plain.stop()]);
    }
  });
});

describe.skipIf(tmux)('autoskill chat in a terminal — skipped: tmux is not installed here', () => {
  it('needs tmux (apt-get install tmux)', () => {});
});
