import { shareText, textTable } from '../text-table';
import type { EvalReport } from './eval-report';

/** The eval report as a summary and one row per case, for a terminal. */
export function formatEvalReport(report: EvalReport): string {
  const { summary } = report;
  const lines = [
    `autoskill eval: ${summary.cases} cases from ${report.source}`,
    `assistant: ${report.assistant} (${report.models.assistant}); simulator: ${report.models.simulator}; judge: ${report.models.judge}`,
    `protocol: ${report.protocol}`,
    '',
    ...textTable([
      [
        'with skills vs baseline',
        `${summary.wins} wins, ${summary.ties} ties, ${summary.losses} losses (win rate ${fixed(summary.winRate)}, net ${fixed(summary.netWinRate)})`,
      ],
      ['position consistency', shareText(summary.positionConsistency)],
      ['learned when expected', shareText(summary.learnedWhenExpected)],
      ['learned when not expected', shareText(summary.learnedWhenNotExpected)],
      ['learned skill injected for the query', shareText(summary.injectedWhenLearned)],
      [
        'mean judge score base / skills',
        `${fixed(summary.meanScoreBase)} / ${fixed(summary.meanScoreSkills)}`,
      ],
      ['failed cases', String(summary.failed)],
    ]),
    '',
    ...textTable([
      ['case', 'kind', 'learned', 'injected', 'base first', 'skills first', 'outcome'],
      ...report.cases.map((entry) => [
        entry.id,
        entry.kind ?? '',
        String(entry.learnedIds.length),
        String(entry.injectedIds.filter((id) => entry.learnedIds.includes(id)).length),
        entry.judgement.preferences[0],
        entry.judgement.preferences[1],
        entry.judgement.outcome,
      ]),
      ...report.failures.map((failure) => [
        failure.id,
        '',
        '',
        '',
        '',
        '',
        `failed: ${failure.error}`,
      ]),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

function fixed(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}
