import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Debian's Chromium (`apt-get install chromium`), or `AUTOSKILL_CHROMIUM`: the browser the studio
 * tests drive with playwright-core. Undefined when there is none (the tests then skip and say why).
 */
export function findChromium(env = process.env): string | undefined {
  if (env.AUTOSKILL_CHROMIUM && existsSync(env.AUTOSKILL_CHROMIUM)) return env.AUTOSKILL_CHROMIUM;
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser'])
    for (const folder of [...folders, '/usr/bin'])
      if (existsSync(join(folder, name))) return join(folder, name);
  return undefined;
}

/** Flags for a quiet, offline headless Chromium (no sandbox: CI runs as root). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
