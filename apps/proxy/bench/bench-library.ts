// The benchmarks' skill folders: real SKILL.md files from ../shared/data/skillbank-dev (when
// present beside the repository) first, then generated ones up to the count; written once and
// reused from the temp folder between runs.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL_SKILLS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/skillbank-dev',
);

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

/** A folder of `count` Agent Skill folders (real ones first), ready to import. */
export async function libraryFolder(count: number): Promise<string> {
  const source = join(tmpdir(), `autoskill-proxy-bench-source-${count}`);
  if (existsSync(join(source, '.complete'))) return source;
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
  await writeFile(join(source, '.complete'), '');
  return source;
}
