// `prepack` of every public package: refuses npm (it would pack the workspace manifest as is:
// exports at ./src/*.ts and workspace:^ ranges), builds the package with turbo (cached, so packing
// right after `pnpm build` is instant) and checks that each file its published manifest names is
// there, so no tarball ships without dist/. Plain Node so it needs no build and no tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const packageDirectory = process.cwd();
const repoRoot = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));

function fail(message) {
  console.error(`prepack ${manifest.name}: ${message}`);
  process.exit(1);
}

if (!(process.env.npm_config_user_agent ?? '').startsWith('pnpm/')) {
  fail(
    'pack and publish with pnpm (pnpm pack, pnpm publish, pnpm release): other clients keep the ' +
      "workspace's exports (./src/*.ts) and workspace:^ dependencies instead of publishConfig.",
  );
}

// check:packages builds every package in one turbo run first and says so: no second turbo start.
const build =
  process.env.AUTOSKILL_PACKAGES_BUILT === '1'
    ? { status: 0 }
    : spawnSync(
        'pnpm',
        ['exec', 'turbo', 'run', 'build', `--filter=${manifest.name}`, '--output-logs=errors-only'],
        { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
      );
if (build.status !== 0) fail(`the build failed (exit ${build.status ?? build.signal})`);

/** Every file path the published manifest points at (exports targets, bin, types). */
function publishedFiles(value) {
  if (typeof value === 'string') return value.startsWith('./') ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(publishedFiles);
  return [];
}
const published = { ...manifest, ...manifest.publishConfig };
const missing = publishedFiles([published.exports, published.bin, published.types]).filter(
  (file) => !existsSync(join(packageDirectory, file)),
);
if (missing.length > 0) fail(`the build did not produce ${missing.join(', ')}`);
