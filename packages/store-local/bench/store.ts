// Benchmark of the local store: import throughput, open time (1k and 10k skills), get/list latency.
// Run: pnpm --filter @autoskill/store-local exec tsx bench/store.ts [--sync]
// Uses real skills from ../shared/data/skillbank-dev (parsed with parseSkillMarkdown); prints figures.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSkillMarkdown, type SkillDocument } from '@autoskill/core';
import { createLocalSkillStore } from '../src/index';

const DATA =
  process.env.AUTOSKILL_SKILLBANK ??
  fileURLToPath(new URL('../../../../shared/data/skillbank-dev', import.meta.url));
const sync = process.argv.includes('--sync');

async function loadDocuments(): Promise<{ documents: SkillDocument[]; skipped: number }> {
  const documents: SkillDocument[] = [];
  let skipped = 0;
  for (const language of ['english', 'chinese']) {
    const folders = await readdir(join(DATA, language));
    for (const folder of folders) {
      try {
        const text = await readFile(join(DATA, language, folder, 'SKILL.md'), 'utf8');
        documents.push(parseSkillMarkdown(text, { folderName: folder }));
      } catch {
        skipped++;
      }
    }
  }
  return { documents, skipped };
}

function milliseconds(start: number): number {
  return performance.now() - start;
}

async function importInto(
  directory: string,
  documents: SkillDocument[],
  copies: number,
  mode: 'put' | 'putMany',
): Promise<number> {
  const store = await createLocalSkillStore({ directory, sync });
  const started = performance.now();
  let count = 0;
  for (let copy = 0; copy < copies; copy++) {
    const inputs = documents.map((document, index) => ({
      ...document,
      id: copy === 0 ? document.id : globalThis.crypto.randomUUID(),
      scope: 'user' as const,
      owner: `user-${copy}-${index % 20}`,
    }));
    if (mode === 'put') {
      for (const input of inputs) await store.put(input, { reason: 'import' });
    } else {
      const results = await store.putMany(
        inputs.map((input) => ({ input, options: { reason: 'import' } })),
      );
      const failed = results.filter((result) => 'error' in result).length;
      if (failed > 0) console.log(`  putMany: ${failed} items failed`);
    }
    count += inputs.length;
  }
  const elapsed = milliseconds(started);
  await store.close();
  return (count / elapsed) * 1000;
}

async function measureOpen(directory: string): Promise<{ ms: number; skills: number }> {
  const started = performance.now();
  const store = await createLocalSkillStore({ directory, sync });
  const ms = milliseconds(started);
  const skills = store.stats().skills;
  await store.close();
  return { ms, skills };
}

async function main(): Promise<void> {
  const { documents, skipped } = await loadDocuments();
  console.log(
    `skillbank-dev: ${documents.length} parsed, ${skipped} skipped (unparseable) — fsync ${sync ? 'on' : 'off'}`,
  );
  const root = await mkdtemp(join(tmpdir(), 'autoskill-bench-'));
  try {
    const small = join(root, 'small');
    const rate = await importInto(small, documents, 1, 'put');
    console.log(`put one by one into an empty store: ${rate.toFixed(0)} skills/s`);
    const batch = join(root, 'batch');
    const batchRate = await importInto(batch, documents, 1, 'putMany');
    console.log(`putMany (import) into an empty store: ${batchRate.toFixed(0)} skills/s`);
    const updateStore = await createLocalSkillStore({ directory: batch, sync });
    const existing = await updateStore.list();
    const updateStarted = performance.now();
    for (const skill of existing.slice(0, 500))
      await updateStore.put({ ...skill, description: `${skill.description} (edited)` });
    console.log(
      `put updating existing skills: ${((500 / milliseconds(updateStarted)) * 1000).toFixed(0)} skills/s`,
    );
    await updateStore.close();

    const open1k = await measureOpen(small);
    const open1kAgain = await measureOpen(small);
    console.log(
      `open ${open1k.skills} skills: ${open1k.ms.toFixed(0)} ms; again ${open1kAgain.ms.toFixed(0)} ms`,
    );

    const store = await createLocalSkillStore({ directory: small, sync });
    const ids = (await store.list()).map((skill) => skill.id);
    let started = performance.now();
    for (let index = 0; index < 2000; index++)
      await store.get(ids[(index * 7919) % ids.length] as string);
    console.log(
      `get: ${((milliseconds(started) / 2000) * 1000).toFixed(1)} µs per call (incl. journal stat)`,
    );
    started = performance.now();
    for (let index = 0; index < 50; index++) await store.list();
    console.log(`list all (${ids.length}): ${(milliseconds(started) / 50).toFixed(2)} ms per call`);
    started = performance.now();
    for (let index = 0; index < 200; index++)
      await store.list({ scope: 'all', owner: `user-0-${index % 20}` });
    console.log(`list one user + library: ${(milliseconds(started) / 200).toFixed(2)} ms per call`);
    started = performance.now();
    for (let index = 0; index < 200; index++) await store.readFiles(ids[index] as string);
    console.log(`readFiles: ${((milliseconds(started) / 200) * 1000).toFixed(0)} µs per call`);
    await store.close();

    const raw = join(root, 'raw');
    await cp(join(DATA, 'english'), join(raw, 'Users', 'english'), { recursive: true });
    await cp(join(DATA, 'chinese'), join(raw, 'Users', 'chinese'), { recursive: true });
    const openRaw = await measureOpen(raw);
    const openRawAgain = await measureOpen(raw);
    console.log(
      `open a raw copy of skillbank-dev (no history yet): ${openRaw.skills} skills in ${openRaw.ms.toFixed(0)} ms; again ${openRawAgain.ms.toFixed(0)} ms`,
    );

    const large = join(root, 'large');
    const largeRate = await importInto(
      large,
      documents,
      Math.ceil(10_000 / documents.length),
      'putMany',
    );
    const open10k = await measureOpen(large);
    const open10kAgain = await measureOpen(large);
    console.log(
      `putMany into a growing store up to ${open10k.skills}: ${largeRate.toFixed(0)} skills/s`,
    );
    console.log(
      `open ${open10k.skills} skills: ${open10k.ms.toFixed(0)} ms; again ${open10kAgain.ms.toFixed(0)} ms`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
