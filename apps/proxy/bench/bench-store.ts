// The benchmark's skill stores: real SKILL.md files from skillbank-dev first, then generated
// ones, imported once and cached in the temp folder between runs.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';

const REAL_SKILLS = '/work/shared/data/skillbank-dev';

const TOPICS = [
  'release',
  'invoice',
  'travel',
  'recipe',
  'report',
  'interview',
  'budget',
  'migration',
  'backup',
  'onboarding',
  'translation',
  'citation',
  'deploy',
  'refund',
  'schedule',
  'newsletter',
  'contract',
  'dataset',
  'dashboard',
  'tutorial',
];
const VERBS = [
  'plan',
  'review',
  'draft',
  'check',
  'summarise',
  'format',
  'prepare',
  'audit',
  'compare',
  'convert',
];

/** A store with `count` skills (cached between runs in the temp folder). */
/** AutoSkill on the offline defaults over `storeDir`, quiet: what every bench process opens. */
export function offlineAutoSkill(storeDir: string): AutoSkill {
  return new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
}

export async function storeWith(count: number): Promise<string> {
  const storeDir = join(tmpdir(), `autoskill-proxy-bench-${count}`);
  if (existsSync(join(storeDir, '.bench-ready'))) return storeDir;
  const source = join(tmpdir(), `autoskill-proxy-bench-source-${count}`);
  let written = 0;
  // Real SKILL.md files first (skillbank-dev), then generated ones.
  if (existsSync(REAL_SKILLS)) {
    for (const language of ['english', 'chinese']) {
      for (const folder of await readdir(join(REAL_SKILLS, language)).catch(() => [])) {
        if (written >= count) break;
        const text = await readFile(join(REAL_SKILLS, language, folder, 'SKILL.md'), 'utf8').catch(
          () => undefined,
        );
        if (!text) continue;
        await mkdir(join(source, `real-${written}`), { recursive: true });
        await writeFile(
          join(source, `real-${written}`, 'SKILL.md'),
          text.replace(/^(\s*id:\s*).*$/m, '$1'),
        );
        written++;
      }
    }
  }
  for (let index = written; index < count; index++) {
    const topic = TOPICS[index % TOPICS.length] as string;
    const verb = VERBS[Math.floor(index / TOPICS.length) % VERBS.length] as string;
    const name = `${verb}-${topic}-${index}`;
    await mkdir(join(source, name), { recursive: true });
    await writeFile(
      join(source, name, 'SKILL.md'),
      `---\nname: ${name}\ndescription: "How to ${verb} a ${topic} (variant ${index}): steps, checks and the format the user prefers."\n---\n\n# ${verb} ${topic}\n\n1. Collect the ${topic} inputs.\n2. ${verb} them step by step.\n3. Check against the user's constraints (variant ${index}).\n4. Deliver in the agreed format.\n`,
    );
  }
  const autoskill = offlineAutoSkill(storeDir);
  const started = performance.now();
  const result = await autoskill.importAgentSkillDirs({
    rootDir: source,
    scope: 'user',
    userId: 'bench',
  });
  await autoskill.close();
  console.log(
    `store: imported ${result.imported.length} skills (${result.skipped.length} skipped) in ${Math.round(performance.now() - started)} ms → ${storeDir}`,
  );
  await writeFile(join(storeDir, '.bench-ready'), '');
  return storeDir;
}
