import { readScenarioFile } from '../bench/learning/scenario-file';
import { listSessionFiles, readSessionFile } from '../bench/learning/session-file';
import { casesFromScenarios, casesFromSessions, type EvalCase } from './eval-case';

/** The cases of a scenario file and/or a folder of session files, in that order, capped. */
export async function loadEvalCases(options: {
  scenarios?: string;
  sessions?: string;
  maxTrainTurns: number;
  maxCases?: number;
}): Promise<EvalCase[]> {
  const cases: EvalCase[] = [];
  if (options.scenarios)
    cases.push(...casesFromScenarios(await readScenarioFile(options.scenarios)));
  if (options.sessions) {
    const groups = [];
    for (const file of await listSessionFiles(options.sessions))
      groups.push(await readSessionFile(file));
    cases.push(...casesFromSessions(groups, options.maxTrainTurns));
  }
  for (const entry of cases) entry.intents = entry.intents.slice(0, options.maxTrainTurns);
  return options.maxCases === undefined ? cases : cases.slice(0, options.maxCases);
}
