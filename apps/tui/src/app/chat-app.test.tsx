import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatController } from '../controller/chat-controller';
import { CONSTRAINT, eventually, FEEDBACK, tempChat } from '../test-support/temp-chat';
import { ChatApp } from './chat-app';
import { themeFor } from './theme';

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

async function renderApp(env: Record<string, string | undefined> = {}) {
  const chat = await tempChat({ controller: { interactive: true } });
  disposers.push(chat.dispose);
  const app = render(
    <ChatApp controller={chat.controller} theme={themeFor(env)} onExit={() => {}} />,
  );
  disposers.unshift(async () => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  await eventually(frame, (text) => text.includes('offline'));
  return { ...app, frame, controller: chat.controller as ChatController };
}

async function type(app: { stdin: { write(data: string): void } }, text: string) {
  app.stdin.write(text);
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the chat app', () => {
  it('shows the banner, the input and the status bar before anything is sent', async () => {
    const app = await renderApp();
    expect(app.frame()).toContain('AutoSkill chat');
    expect(app.frame()).toContain('›');
    expect(app.frame()).toMatch(/offline · 0 skills · 0 learning · scope all/);
  });

  it('sends on Enter, streams the answer, and shows the learning job until it learned the constraint', {
    tags: ['slow'],
  }, async () => {
    const app = await renderApp();
    await type(app, CONSTRAINT);
    await type(app, '\r');
    const learned = await eventually(app.frame, (text) =>
      text.includes('added "report-writing" v0.1.0'),
    );
    expect(learned).toContain('You said: "From now on');
    expect(learned).toContain('Injected: none');
    expect(learned).toMatch(/Learning: job \S+ added "report-writing" v0\.1\.0/);
    expect(await eventually(app.frame, (text) => text.includes('1 skill '))).toContain('1 skill ');
  });

  it('adds a line with Ctrl+J and sends both lines as one message', async () => {
    const app = await renderApp();
    await type(app, 'first line');
    await type(app, '\n');
    await type(app, 'second line');
    expect(app.frame()).toMatch(/› first line\n\s+second line/);
    await type(app, '\r');
    await eventually(app.frame, (text) => text.includes('You said: "first line\nsecond line"'));
  });

  it('completes commands with Tab, recalls history with ↑, and suggests the closest command', async () => {
    const app = await renderApp();
    await type(app, '/sett');
    await type(app, '\t');
    expect(app.frame()).toContain('› /settings');
    await type(app, '\r');
    await eventually(app.frame, (text) => text.includes('top_k          1'));
    await type(app, '\u001B[A');
    expect(app.frame()).toContain('› /settings');
    await type(app, '\u0015'); // Ctrl+U clears the draft
    await type(app, '/serch reports');
    await type(app, '\r');
    await eventually(app.frame, (text) =>
      text.includes('Unknown command /serch. Did you mean /search?'),
    );
  });

  it('opens the skill browser on /skills and filters as you type', { tags: ['slow'] }, async () => {
    const app = await renderApp();
    await app.controller.autoskill.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: CONSTRAINT }],
    });
    await app.controller.refreshSkills();
    await type(app, '/skills');
    await type(app, '\r');
    await eventually(app.frame, (text) => text.includes('› report-writing v0.1.0 user'));
    await type(app, 'zzz');
    await eventually(app.frame, (text) => text.includes('No skills match.'));
    for (let count = 0; count < 3; count++) await type(app, '\u007F');
    await type(app, '\r');
    await eventually(
      app.frame,
      (text) => text.includes('name: report-writing') || text.includes("name: 'report-writing'"),
    );
    await type(app, '\u001B');
    await type(app, '\u001B');
    await eventually(app.frame, (text) => !text.includes('Filter:'));
  });

  it('shows a skill’s versions in the browser, diffs one with the current, and rolls back after y', {
    tags: ['slow'],
  }, async () => {
    const app = await renderApp();
    for (const content of [CONSTRAINT, FEEDBACK])
      await app.controller.autoskill.ingest({
        userId: 'u1',
        messages: [{ role: 'user', content }],
      });
    await app.controller.refreshSkills();
    await type(app, '\u0013'); // Ctrl+S
    await eventually(app.frame, (text) => text.includes('› report-writing v0.1.1 user'));
    await type(app, '\r');
    await eventually(app.frame, (text) =>
      text.includes('report-writing v0.1.1 (user) · retrieved 0× · injected 0× · used 0×'),
    );
    await type(app, 'v');
    await eventually(app.frame, (text) => /› v0\.1\.0 {2}revision 1 {2}create/.test(text));
    await type(app, '\r');
    const diff = await eventually(app.frame, (text) =>
      text.includes('report-writing: v0.1.0 → v0.1.1'),
    );
    expect(diff).toMatch(/^│ \+ {2}version: '?0\.1\.1'?/m);
    await type(app, '\u001B');
    await eventually(app.frame, (text) => text.includes('report-writing v0.1.1 (user)'));
    await type(app, 'r');
    await eventually(app.frame, (text) =>
      text.includes('Roll back "report-writing" from v0.1.1 to v0.1.0? (y/N)'),
    );
    await type(app, 'y');
    await eventually(app.frame, (text) => text.includes('Rolled back "report-writing" to v0.1.0.'));
    expect((await app.controller.autoskill.list({ userId: 'u1' }))[0]?.version).toBe('0.1.0');
  });

  it('writes no colour under NO_COLOR', async () => {
    const app = await renderApp({ NO_COLOR: '1' });
    await type(app, '/help');
    await type(app, '\r');
    await eventually(app.frame, (text) => text.includes('/rollback ID|NAME [VERSION]'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour escapes
    expect(app.frame()).not.toMatch(/\u001B\[(3|4|9)\dm/);
  });
});

describe('pasting into the chat app', () => {
  it('keeps a bracketed multi-line paste in the input, Enter inside it included, until Enter sends it', {
    timeout: 30_000,
  }, async () => {
    const app = await renderApp();
    await type(app, '\u001B[200~');
    await type(app, 'line one\rline two');
    await type(app, '\r');
    await type(app, 'line three');
    await type(app, '\u001B[201~');
    expect(app.frame()).toMatch(/› line one\n\s+line two\n\s+line three/);
    expect(app.frame()).not.toContain('You said');
    await type(app, '\r');
    // The offline model quotes the message on one line (its words, as one message).
    await eventually(app.frame, (text) =>
      text.replace(/\s+/g, ' ').includes('You said: "line one line two line three"'),
    );
  });

  it('shows a long paste as a window around the caret and sends all of it', {
    timeout: 30_000,
  }, async () => {
    const app = await renderApp();
    const pasted = Array.from({ length: 60 }, (_, index) => `pasted line ${index + 1}`).join('\r');
    await type(app, `\u001B[200~${pasted}\u001B[201~`);
    const frame = await eventually(app.frame, (text) => text.includes('↑ 48 more line(s)'));
    expect(frame).toContain('pasted line 60');
    expect(frame).not.toContain('pasted line 48\n');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    await type(app, '\r');
    await eventually(
      () => app.controller.getState().entries.find((entry) => entry.kind === 'user')?.text ?? '',
      (text) => text.split('\n').length === 60,
    );
  });
});
