// The studio's drafts panel end to end (issue 15): `autoskill web --review learned` in headless
// Chromium; a learned skill waits as a draft in Learning activity until approved there.
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStudioBuilt } from './index';
import { CHROMIUM_ARGS, findChromium } from './test-support/find-chromium';
import { type StudioServer, startStudioServer } from './test-support/studio-server';

const CONSTRAINT =
  'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.';
const executablePath = findChromium();
const describeInBrowser = executablePath ? describe : describe.skip;

describeInBrowser('AutoSkill Studio review mode in headless Chromium', () => {
  let browser: Browser;
  let server: StudioServer;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureStudioBuilt();
    browser = await chromium.launch({
      executablePath: executablePath as string,
      args: CHROMIUM_ARGS,
    });
    server = await startStudioServer({ args: ['--review', 'learned'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(server.url);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a learned skill as a draft (no skill yet) and writes it when approved', {
    tags: ['slow'],
  }, async () => {
    await expect.poll(() => page.locator('#composer').isVisible()).toBe(true);
    await page.locator('#composer').fill(CONSTRAINT);
    await page.locator('#composer').press('Enter');
    const outcome = page.getByTestId('learning-outcome').first();
    await outcome.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => outcome.textContent(), { timeout: 60_000 })
      .toMatch(/drafted ".+" v0\.1\.0 for review/);
    const skills = async () =>
      (await (await fetch(`${server.url}/v1/autoskill/skills`)).json()).data as unknown[];
    expect(await skills()).toEqual([]);

    await page.goto(`${server.url}/activity`);
    const draft = page.getByTestId('draft').first();
    await draft.waitFor({ timeout: 30_000 });
    await draft.getByRole('button', { name: 'Show changes' }).click();
    await expect
      .poll(() => draft.getByTestId('draft-patch').textContent())
      .toMatch(/\+.*500 words/);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    ).toEqual([]);
    await draft.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('draft').count(), { timeout: 30_000 }).toBe(0);
    expect(await skills()).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
