import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  canBuildStudio,
  isStudioBuilt,
  PACKAGE_DIRECTORY,
  STUDIO_DIRECTORY,
} from './studio-directory';

/** What `ensureStudioBuilt` did. */
export type StudioBuildOutcome = 'ready' | 'built' | 'unavailable';

/** Newest modification time of the page's sources (src/page, index.html, the build config). */
function newestSourceTime(): number {
  let newest = 0;
  const visit = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (!path.endsWith('.test.ts') && !path.endsWith('.test.tsx'))
      newest = Math.max(newest, info.mtimeMs);
  };
  for (const path of ['src/page', 'index.html', 'vite.config.ts', 'public'])
    try {
      visit(join(PACKAGE_DIRECTORY, path));
    } catch {
      // an optional path (public/) may be absent
    }
  return newest;
}

/** True when the build is missing, or (in a source checkout) older than the page's sources. */
export function studioNeedsBuild(): boolean {
  if (!isStudioBuilt()) return canBuildStudio();
  if (!canBuildStudio()) return false;
  return statSync(join(STUDIO_DIRECTORY, 'index.html')).mtimeMs < newestSourceTime();
}

/**
 * Builds the studio when it is missing or stale (a source checkout: Vite from the workspace),
 * into a temporary folder that is then renamed into place, so a server never sees half a build
 * and two builds at once do not mix. Installed packages ship the build and never rebuild.
 */
export async function ensureStudioBuilt(
  options: { onBuild?: () => void } = {},
): Promise<StudioBuildOutcome> {
  if (!studioNeedsBuild()) return isStudioBuilt() ? 'ready' : 'unavailable';
  options.onBuild?.();
  const temporary = join(
    PACKAGE_DIRECTORY,
    'dist',
    `studio-${process.pid}-${randomUUID().slice(0, 8)}`,
  );
  try {
    await runVite(temporary);
    await rm(STUDIO_DIRECTORY, { recursive: true, force: true });
    await rename(temporary, STUDIO_DIRECTORY).catch((error: NodeJS.ErrnoException) => {
      // Another build landed first: theirs is as good as ours.
      if (!isStudioBuilt()) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return 'built';
}

/** Runs `vite build --outDir <dir>` in the package folder (a child process, no network). */
function runVite(outDir: string): Promise<void> {
  const require = createRequire(join(PACKAGE_DIRECTORY, 'package.json'));
  const viteBin = join(require.resolve('vite/package.json'), '..', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: PACKAGE_DIRECTORY, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString('utf8')).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`building the studio failed (vite exit ${code}): ${errors.trim()}`)),
    );
  });
}
