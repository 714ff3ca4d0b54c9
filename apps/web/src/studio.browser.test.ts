// AutoSkill Studio end to end: real `autoskill web` processes on the offline defaults, driven in
// Debian's headless Chromium through playwright-core. Screenshots of each view go to
// apps/web/test-results/screenshots (gitignored).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATA } from '../../../fixtures/corpora';
import { ensureStudioBuilt } from './index';
import { CHROMIUM_ARGS, findChromium } from './test-support/find-chromium';
import { type StudioServer, startStudioServer } from './test-support/studio-server';

const here = dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = resolve(here, '..', 'test-results', 'screenshots');
const SESSION_FILE = join(SAMPLE_DATA, 'web-sessions-dev', 'u11.json');
const CONSTRAINT =
  'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const executablePath = findChromium();
const slow = { tags: ['slow'] };

const describeInBrowser = executablePath ? describe : describe.skip;
const title = executablePath
  ? 'AutoSkill Studio in headless Chromium'
  : 'AutoSkill Studio in headless Chromium (skipped: no Chromium found; apt-get install chromium or set AUTOSKILL_CHROMIUM)';

let browser: Browser;

/** A fresh browser context (its own sessionStorage) at a viewport, collecting page errors and CSP reports. */
async function openPage(
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[149]/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, context, problems };
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('#composer').fill(text);
  await page.locator('#composer').press('Enter');
}

/** No serious or critical axe-core violations (WCAG 2 A/AA) on the page as it is now. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${label}: ${violation.id} (${violation.impact}) ${violation.nodes[0]?.target}`,
    );
  expect(bad).toEqual([]);
}

describeInBrowser(title, () => {
  let server: StudioServer;

  beforeAll(async () => {
    await ensureStudioBuilt();
    browser = await chromium.launch({
      executablePath: executablePath as string,
      args: CHROMIUM_ARGS,
    });
    server = await startStudioServer();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('one user on the offline defaults (no key)', () => {
    let page: Page;
    let problems: string[];
    let skillUrl: string;

    beforeAll(async () => {
      ({ page, problems } = await openPage(server.url));
    });

    it('serves the page with a CSP and learns nothing from a generic request', slow, async () => {
      const response = await fetch(server.url);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      await expect.poll(() => page.locator('#composer').isVisible()).toBe(true);
      await send(page, 'Write a short report about green tea.');
      const outcome = page.getByTestId('learning-outcome').first();
      await outcome.waitFor({ timeout: 60_000 });
      await expect
        .poll(() => outcome.textContent(), { timeout: 60_000 })
        .toContain('nothing learned');
    });

    it('shows "added … v0.1.0" for a durable constraint and lists the skill', slow, async () => {
      await send(page, CONSTRAINT);
      const outcome = page.getByTestId('learning-outcome').nth(1);
      await outcome.waitFor({ timeout: 60_000 });
      await expect
        .poll(() => outcome.textContent(), { timeout: 60_000 })
        .toMatch(/added ".+" v0\.1\.0/);
      await page.getByText('Trace:').last().click();
      await page.getByTestId('turn-trace').last().waitFor();
      await shot(page, 'chat');
      // The next report request gets the new skill injected; its trace says so.
      await send(page, 'Write a report on green tea exports for me.');
      await expect.poll(() => page.getByText('Trace:').count(), { timeout: 60_000 }).toBe(3);
      await page.getByText('Trace:').last().click();
      const trace = page.getByTestId('turn-trace').last();
      await expect
        .poll(() => trace.textContent())
        .toMatch(/report-writing v0\.1\.0 \(user\).*injected/);
      await page.getByTestId('learning-outcome').nth(2).waitFor({ timeout: 60_000 });
      await shot(page, 'chat-injected');
      await page
        .getByRole('link', { name: /^open / })
        .last()
        .click();
      await page.getByTestId('skill-detail').waitFor();
      skillUrl = page.url();
      await expect.poll(() => page.getByTestId('skill-version').textContent()).toBe('v0.1.0');
      await page.getByRole('link', { name: 'Skills', exact: true }).click();
      await expect.poll(() => page.getByTestId('skill-list').locator('li').count()).toBe(1);
      await page.goto(skillUrl);
      await page.getByTestId('skill-detail').waitFor();
      await shot(page, 'skills');
    });

    it(
      'edits with inline errors, saves v0.1.1, diffs, rolls back, exports a zip, deletes and imports it again',
      slow,
      async () => {
        await page.getByRole('tab', { name: 'edit' }).click();
        const editor = page.locator('.cm-content');
        await editor.waitFor();
        // A broken frontmatter is flagged inline and blocks saving; undo clears it.
        await editor.click();
        await page.keyboard.press('Control+Home');
        await page.keyboard.type('x');
        await expect
          .poll(() => page.getByTestId('editor-issues').textContent())
          .toContain('frontmatter');
        expect(await page.getByRole('button', { name: 'Save as new version' }).isDisabled()).toBe(
          true,
        );
        await page.keyboard.press('Control+z');
        await expect.poll(() => page.getByTestId('editor-issues').count()).toBe(0);
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\n\nKeep every table under ten rows.');
        await shot(page, 'editor');
        await page.getByRole('button', { name: 'Save as new version' }).click();
        await expect.poll(() => page.getByTestId('skill-version').textContent()).toBe('v0.1.1');

        await page.getByRole('tab', { name: 'versions' }).click();
        await expect.poll(() => page.getByTestId('version-timeline').locator('li').count()).toBe(2);
        const diff = page.getByTestId('diff-view');
        await diff.waitFor();
        // CodeMirror draws only what is in view: bring the diff into the window (the page above it
        // grew) and scroll to its end, where the edit is.
        await expect
          .poll(async () => {
            await diff.scrollIntoViewIfNeeded();
            await diff.locator('.cm-scroller').evaluate((element) => {
              element.scrollTop = element.scrollHeight;
            });
            return diff.textContent();
          })
          .toContain('Keep every table under ten rows.');
        expect(await diff.locator('.cm-insertedLine, .cm-changedLine').count()).toBeGreaterThan(0);
        await shot(page, 'versions');

        await page.getByRole('button', { name: 'Roll back to revision 1' }).click();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Roll back' }).click();
        await expect.poll(() => page.getByTestId('version-timeline').locator('li').count()).toBe(3);
        await page.getByRole('tab', { name: 'overview' }).click();
        await expect
          .poll(() => page.getByTestId('skill-detail').textContent())
          .not.toContain('Keep every table under ten rows.');

        // An edit begun before a change made elsewhere (here through the API, as a merge by the
        // learner would) is not saved over it: a conflict with the diff, the draft kept.
        const skillId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] as string);
        await page.getByRole('tab', { name: 'edit' }).click();
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\n\nMy own edit.');
        const mdUrl = `${server.url}/v1/autoskill/skills/${encodeURIComponent(skillId)}/md`;
        const current = (await (await fetch(mdUrl)).json()).skill_md as string;
        const merged = await fetch(mdUrl, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ skill_md: `${current.trimEnd()}\n\n- Merged meanwhile.\n` }),
        });
        expect(merged.status).toBe(200);
        await page.getByRole('button', { name: 'Save as new version' }).click();
        await page.getByTestId('save-conflict').waitFor();
        await page.getByTestId('save-conflict').scrollIntoViewIfNeeded();
        await expect
          .poll(async () => {
            await page
              .getByTestId('save-conflict')
              .locator('.cm-scroller')
              .evaluate((element) => {
                element.scrollTop = element.scrollHeight;
              });
            return page.getByTestId('save-conflict').textContent();
          })
          .toContain('Merged meanwhile.');
        await page.getByRole('button', { name: 'Save as new version' }).click();
        await page.getByText(/^Saved as v/).waitFor();
        await page.getByRole('tab', { name: 'overview' }).click();
        await expect
          .poll(() => page.getByTestId('skill-detail').textContent())
          .toContain('My own edit.');

        // Exported as a zip (a real download)…
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export zip' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.zip$/);
        const zipPath = join(SCREENSHOTS, '..', download.suggestedFilename());
        await download.saveAs(zipPath);

        await page.getByRole('button', { name: 'Delete' }).click();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Delete skill' }).click();
        await expect.poll(() => new URL(page.url()).pathname).toBe('/skills');
        await expect.poll(() => page.getByTestId('skill-list').locator('li').count()).toBe(0);

        // …and imported again from that zip.
        await page.getByTestId('skill-zip-input').setInputFiles(zipPath);
        await page.getByText('Imported 1 skill(s).').waitFor();
        await expect.poll(() => page.getByTestId('skill-list').locator('li').count()).toBe(1);
      },
    );

    it('imports a session file of the original web UI', slow, async () => {
      await page.getByRole('link', { name: 'Chat', exact: true }).click();
      const original = JSON.parse(await readFile(SESSION_FILE, 'utf8'));
      await page.getByTestId('session-import-input').setInputFiles(SESSION_FILE);
      await page.getByText('Imported 1 session(s).').waitFor();
      const firstQuestion = original.sessions[0].state.messages[0].content as string;
      await expect.poll(() => page.getByTestId('messages').textContent()).toContain(firstQuestion);
      await expect
        .poll(() => page.getByTestId('session-list').textContent())
        .toContain(original.sessions[0].meta.title);
    });

    it(
      'renders a message and a skill with <img onerror> and <script> without running them',
      slow,
      async () => {
        await page.getByRole('button', { name: 'New chat' }).click();
        await page.getByText('Chat, and watch it learn.').waitFor();
        await send(page, XSS);
        await page.getByTestId('message-assistant').last().waitFor();
        await expect.poll(() => page.getByTestId('messages').textContent()).toContain('onerror');
        const body = (text: string) =>
          `---\nname: xss-probe\ndescription: "A probe ${text.replace(/"/g, "'")}"\n---\n\n# Probe\n\n${text}\n\n<script>window.__xss=3</script>\n`;
        const imported = await fetch(`${server.url}/v1/autoskill/skills/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            files: { 'xss-probe/SKILL.md': body(XSS), 'xss-probe/references/probe.html': XSS },
          }),
        });
        expect(imported.status).toBe(200);
        const id = (await imported.json()).data[0].id as string;
        await page.goto(`${server.url}/skills/${id}`);
        await page.getByTestId('skill-detail').waitFor();
        await expect.poll(() => page.getByTestId('skill-detail').textContent()).toContain('Probe');
        // A resource file is shown as text, never as HTML.
        await page.getByRole('button', { name: 'references/probe.html' }).click();
        await expect
          .poll(() => page.getByTestId('skill-file-content').textContent())
          .toContain('onerror');
        await page.getByRole('tab', { name: 'edit' }).click();
        await page.locator('.cm-content').waitFor();
        await page.getByRole('link', { name: 'Chat', exact: true }).click();
        await page.getByTestId('messages').waitFor();
        expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
        expect(await page.locator('img[src="x"]').count()).toBe(0);
        expect(await page.locator('#root script').count()).toBe(0);
      },
    );

    it(
      'shows learning activity and settings, with no serious or critical axe violations (light and dark)',
      slow,
      async () => {
        await page.getByRole('link', { name: 'Learning', exact: true }).click();
        await expect.poll(() => page.getByTestId('activity-list').textContent()).toContain('added');
        // From the job that added the skill to the conversation window it learned from.
        const source = page
          .getByTestId('activity-list')
          .locator('li', { hasText: 'added "' })
          .first()
          .getByTestId('job-window');
        await source.locator('summary').click();
        await expect.poll(() => source.textContent()).toContain(CONSTRAINT);
        await shot(page, 'activity');
        await expectAccessible(page, 'activity');
        await page.getByRole('link', { name: 'Settings', exact: true }).click();
        await page.getByText('Fixed by the server').waitFor();
        await shot(page, 'settings');
        await expectAccessible(page, 'settings');
        // A turn setting changed here reaches the next chat turn (X-AutoSkill-* headers).
        await page.getByLabel('top_k (skills injected)').selectOption('0');
        await page.getByLabel('Learning (extract mode)').selectOption('never');
        await page.getByRole('link', { name: 'Chat', exact: true }).click();
        await page.getByRole('button', { name: 'New chat' }).click();
        await page.getByText('Chat, and watch it learn.').waitFor();
        await send(page, 'Write a report on green tea exports for me.');
        await expect.poll(() => page.getByText('Trace:').count(), { timeout: 60_000 }).toBe(1);
        await page.getByText('Trace:').last().click();
        await expect
          .poll(() => page.getByTestId('turn-trace').last().textContent())
          .toContain('top_k 0');
        expect(await page.getByTestId('learning-status').count()).toBe(0);
        await page.getByRole('link', { name: 'Settings', exact: true }).click();
        await page.getByRole('button', { name: "Use the server's settings" }).click();
        await page.getByRole('link', { name: 'Chat', exact: true }).click();
        await page.locator('#composer').waitFor();
        await expectAccessible(page, 'chat');
        await page.getByRole('button', { name: 'Switch to dark theme' }).click();
        await shot(page, 'chat-dark');
        await expectAccessible(page, 'chat (dark)');
        await page.getByRole('link', { name: 'Skills', exact: true }).click();
        await page.getByTestId('skill-list').locator('li').first().click();
        await page.getByTestId('skill-detail').waitFor();
        await expectAccessible(page, 'skill (dark)');
        await page.getByRole('button', { name: 'Switch to light theme' }).click();
        expect(problems).toEqual([]);
      },
    );

    it('fits a 390×844 phone', slow, async () => {
      const phone = await openPage(server.url, { width: 390, height: 844 });
      await phone.page.locator('#composer').waitFor();
      const overflow = () =>
        phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await shot(phone.page, 'phone-chat');
      await phone.page.getByRole('link', { name: 'Skills', exact: true }).click();
      await phone.page.getByLabel('Search skills').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await shot(phone.page, 'phone-skills');
      await phone.context.close();
    });
  });

  describe('per-user keys', () => {
    const ALICE = 'alice-studio-key-123';
    const BOB = 'bob-studio-key-456';
    let keyed: StudioServer;

    beforeAll(async () => {
      keyed = await startStudioServer({ keys: { [ALICE]: 'alice', [BOB]: 'bob' } });
    }, 120_000);
    afterAll(() => keyed?.close());

    it(
      "asks for a key, shows only the signed-in user's space, never puts the key in a URL or a log",
      slow,
      async () => {
        const alice = await openPage(keyed.url);
        const login = alice.page.getByLabel('API key');
        await login.waitFor();
        expect(await alice.page.locator('#composer').count()).toBe(0);
        await shot(alice.page, 'login');
        await login.fill('wrong-key-000000');
        await alice.page.getByRole('button', { name: 'Sign in' }).click();
        await alice.page.getByText('That key was not accepted.').waitFor();
        await login.fill(ALICE);
        await alice.page.getByRole('button', { name: 'Sign in' }).click();
        await expect.poll(() => alice.page.getByTestId('whoami').textContent()).toBe('alice');
        await send(alice.page, CONSTRAINT);
        const outcome = alice.page.getByTestId('learning-outcome').first();
        await outcome.waitFor({ timeout: 60_000 });
        await expect
          .poll(() => outcome.textContent(), { timeout: 60_000 })
          .toMatch(/added ".+" v0\.1\.0/);
        await alice.page.getByRole('link', { name: 'Skills', exact: true }).click();
        await expect.poll(() => alice.page.getByTestId('skill-list').locator('li').count()).toBe(1);
        expect(alice.page.url()).not.toContain(ALICE);
        await alice.page.getByRole('button', { name: 'Sign out' }).click();
        await alice.page.getByLabel('API key').waitFor();
        expect(await alice.page.evaluate(() => sessionStorage.length)).toBe(0);

        const bob = await openPage(keyed.url);
        await bob.page.getByLabel('API key').fill(BOB);
        await bob.page.getByRole('button', { name: 'Sign in' }).click();
        await expect.poll(() => bob.page.getByTestId('whoami').textContent()).toBe('bob');
        await expect
          .poll(() => bob.page.getByTestId('session-list').textContent())
          .toContain('No sessions yet.');
        await bob.page.getByRole('link', { name: 'Skills', exact: true }).click();
        await bob.page.getByText(/No skills yet/).waitFor();
        await bob.page.getByRole('link', { name: 'Learning', exact: true }).click();
        await bob.page.getByText('No learning jobs to show.').waitFor();
        expect(keyed.output()).not.toContain(ALICE);
        expect(keyed.output()).not.toContain(BOB);
        expect([...alice.problems, ...bob.problems]).toEqual([]);
        await alice.context.close();
        await bob.context.close();
      },
    );
  });
});
