// Test-only: two small scenarios the eval tests play (one that teaches, one that must not).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RELEASE_RULE =
  'Before each release: run regression -> canary -> monitor -> full rollout.';

/** Writes a scenario file with a release procedure and a one-off question; returns its path. */
export async function writeEvalScenarios(directory: string): Promise<string> {
  const file = join(directory, 'eval-scenarios.json');
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      scenarios: [
        {
          id: 'release',
          kind: 'procedure',
          language: 'en',
          turns: [{ user: RELEASE_RULE, assistant: '', learn: true }],
          probe: 'What do I run before each release of the billing service?',
          checks: ['regression before canary', 'monitor before full rollout'],
        },
        {
          id: 'capital',
          kind: 'one-off',
          language: 'en',
          turns: [{ user: 'What is the capital of Australia?', assistant: '', learn: false }],
        },
      ],
    }),
  );
  return file;
}
