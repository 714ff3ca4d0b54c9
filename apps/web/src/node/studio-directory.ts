import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** True when this module runs from the published build (`dist/index.js`), not from `src/`. */
const published = !here.split(/[\\/]/).includes('src');

/** The package folder (`apps/web` in the repository, `node_modules/@autoskill/web` when installed). */
export const PACKAGE_DIRECTORY = published ? join(here, '..') : join(here, '..', '..');

/** The folder holding the built studio (`index.html`, `assets/`) that the proxy serves at `/`. */
export const STUDIO_DIRECTORY = join(PACKAGE_DIRECTORY, 'dist', 'studio');

/** True when the built studio is there. */
export function isStudioBuilt(directory = STUDIO_DIRECTORY): boolean {
  return existsSync(join(directory, 'index.html'));
}

/** True in a source checkout (the Vite config is there, so the studio can be built). */
export function canBuildStudio(): boolean {
  return existsSync(join(PACKAGE_DIRECTORY, 'vite.config.ts'));
}
