// Creates the shell of a workspace package: package.json, tsconfig and tsup config. Its tests
// need no config: the root vitest.config.ts makes every package a project named after it.
// Usage: node scripts/new-package.mjs <dir> <name> "<description>" [entry=subpath,...] [--private]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name, description, entriesArg = '', flag] = process.argv.slice(2);
const isPrivate = flag === '--private' || entriesArg === '--private';
const entries = [['.', 'index']];
for (const pair of (entriesArg === '--private' ? '' : entriesArg).split(',').filter(Boolean)) {
  const [subpath, file] = pair.split('=');
  entries.push([`./${subpath}`, file]);
}
mkdirSync(join(dir, 'src'), { recursive: true });
const exportsDev = Object.fromEntries(
  entries.map(([subpath, file]) => [subpath, `./src/${file}.ts`]),
);
exportsDev['./package.json'] = './package.json';
const exportsDist = Object.fromEntries(
  entries.map(([subpath, file]) => [
    subpath,
    { types: `./dist/${file}.d.ts`, import: `./dist/${file}.js` },
  ]),
);
exportsDist['./package.json'] = './package.json';
const pkg = {
  name,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  ...(isPrivate ? { private: true } : {}),
  exports: exportsDev,
  ...(isPrivate
    ? {}
    : { publishConfig: { access: 'public', types: './dist/index.d.ts', exports: exportsDist } }),
  files: ['dist', 'README.md'],
  engines: { node: '>=20.19' },
  scripts: {
    build: 'tsup',
    ...(isPrivate ? {} : { prepack: 'node ../../scripts/prepack.mjs' }),
    typecheck: 'tsc --noEmit -p tsconfig.json',
    test: `vitest run --root ../.. --project ${name}`,
  },
  dependencies: {},
  devDependencies: {
    '@types/node': 'catalog:',
    tsup: 'catalog:',
    typescript: 'catalog:',
    vitest: 'catalog:',
  },
};
if (!existsSync(join(dir, 'package.json')))
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, 'tsconfig.json'),
  `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { types: ['node'] }, include: ['src', '*.ts'] }, null, 2)}\n`,
);
writeFileSync(
  join(dir, 'tsup.config.ts'),
  `import { defineConfig } from 'tsup';\nimport { packageBuild } from '../../tsup.base';\n\nexport default defineConfig(packageBuild([${entries.map(([, file]) => `'src/${file}.ts'`).join(', ')}]));\n`,
);
if (!existsSync(join(dir, 'src/index.ts')))
  writeFileSync(join(dir, 'src/index.ts'), 'export {};\n');
