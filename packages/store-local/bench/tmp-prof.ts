import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSkillMarkdown } from '@autoskill/core';
import { createLocalSkillStore } from '../src/index';
const DATA = '/work/shared/data/skillbank-dev';
const docs = [];
for (const l of ['english','chinese']) for (const f of await readdir(join(DATA,l))) { try { docs.push(parseSkillMarkdown(await readFile(join(DATA,l,f,'SKILL.md'),'utf8'), {folderName: f})); } catch {} }
const dir = await mkdtemp(join(tmpdir(), 'prof-'));
const store = await createLocalSkillStore({ directory: dir, sync: false });
const t = performance.now();
for (const [i, d] of docs.entries()) await store.put({ ...d, scope: 'user', owner: `u${i % 20}` });
console.log('rate', (docs.length / (performance.now() - t) * 1000).toFixed(0));
await rm(dir, { recursive: true, force: true });
