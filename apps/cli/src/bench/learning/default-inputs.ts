import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root when the CLI runs from a checkout (apps/cli/src/bench/learning → root). */
const repoRoot = resolve(import.meta.dirname, '../../../../..');

/** The hand-written scenario set kept beside this code (absent from a published build). */
export const DEFAULT_SCENARIOS_FILE = resolve(import.meta.dirname, 'learning-scenarios.json');

/**
 * The dev sessions beside a checkout (`<repo>/../shared/data/web-sessions-dev`, or under
 * `AUTOSKILL_SHARED_DATA`), when they are there.
 */
export function defaultSessionsDir(env: Record<string, string | undefined>): string | undefined {
  const shared = env.AUTOSKILL_SHARED_DATA ?? resolve(repoRoot, '../shared/data');
  const folder = resolve(shared, 'web-sessions-dev');
  return existsSync(folder) ? folder : undefined;
}

/** The in-repo scenario set, when this is a checkout. */
export function defaultScenariosFile(): string | undefined {
  return existsSync(DEFAULT_SCENARIOS_FILE) ? DEFAULT_SCENARIOS_FILE : undefined;
}
