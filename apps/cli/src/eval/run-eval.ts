import type { ChatMessage } from '@autoskill/core';
import type { EvalAssistant } from './eval-assistant';
import type { EvalCase } from './eval-case';
import type { Judge } from './eval-judge';
import {
  type EvalCaseResult,
  type EvalFailure,
  type EvalReport,
  JUDGE_PROTOCOL,
  summarize,
} from './eval-report';
import { combineSwapped } from './position-swap';
import type { UserSimulator } from './user-simulator';

export interface EvalOptions {
  cases: EvalCase[];
  assistant: EvalAssistant;
  simulator: UserSimulator;
  judge: Judge;
  /** Label of the assistant's model for the report. */
  assistantModel: string;
  /** What the cases came from (a scenario file or a sessions folder). */
  source: string;
  /** Prefix of the eval users (`<prefix>-<case>-evo`, `<prefix>-<case>-base`). */
  userPrefix: string;
  onCase?: (result: EvalCaseResult | EvalFailure) => void;
}

/**
 * The original's eval mode: per case, the simulated user trains a fresh user through the
 * assistant; once its learning settled, the case's query is answered for that user and for a
 * fresh baseline user, and the judge compares the two answers in both orders.
 */
export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const results: EvalCaseResult[] = [];
  const failures: EvalFailure[] = [];
  for (const testCase of options.cases) {
    try {
      const result = await runCase(testCase, options);
      results.push(result);
      options.onCase?.(result);
    } catch (error) {
      const failure = {
        id: testCase.id,
        error: error instanceof Error ? error.message : String(error),
      };
      failures.push(failure);
      options.onCase?.(failure);
    }
  }
  return {
    eval: 'autoskill',
    version: 1,
    assistant: options.assistant.label,
    models: {
      assistant: options.assistantModel,
      simulator: options.simulator.label,
      judge: options.judge.label,
    },
    source: options.source,
    protocol: JUDGE_PROTOCOL,
    summary: summarize(results, failures),
    cases: results,
    failures,
  };
}

async function runCase(testCase: EvalCase, options: EvalOptions): Promise<EvalCaseResult> {
  const { assistant, simulator, judge } = options;
  const evolved = userId(options.userPrefix, testCase.id, 'evo');
  const baseline = userId(options.userPrefix, testCase.id, 'base');
  const conversation: ChatMessage[] = [];
  const training: EvalCaseResult['training'] = [];
  for (let turn = 0; turn < testCase.intents.length; turn++) {
    const user = await simulator.nextMessage(testCase, turn, conversation);
    conversation.push({ role: 'user', content: user });
    const reply = await assistant.train(evolved, conversation);
    conversation.push({ role: 'assistant', content: reply.answer });
    training.push({ user, answer: reply.answer });
  }
  const learnedIds = await assistant.settle(evolved);
  const withSkills = await assistant.ask(evolved, testCase.query);
  const base = await assistant.ask(baseline, testCase.query);
  const baseFirst = await judge.compare(testCase, base.answer, withSkills.answer);
  const skillsFirst = await judge.compare(testCase, withSkills.answer, base.answer);
  return {
    id: testCase.id,
    ...(testCase.kind ? { kind: testCase.kind } : {}),
    ...(testCase.language ? { language: testCase.language } : {}),
    ...(testCase.expectLearn === undefined ? {} : { expectLearn: testCase.expectLearn }),
    training,
    learnedIds,
    query: testCase.query,
    answers: { base: base.answer, skills: withSkills.answer },
    injectedIds: withSkills.injectedIds,
    verdicts: { baseFirst, skillsFirst },
    judgement: combineSwapped(baseFirst, skillsFirst),
  };
}

/** A user id the SDK accepts: the prefix and case id, lowercased, safe characters only. */
function userId(prefix: string, caseId: string, role: 'evo' | 'base'): string {
  return `${prefix}-${caseId}-${role}`
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 120);
}
