import { shareText, textTable } from '../../text-table';
import type { LearningFigures } from './learning-figures';
import type { LearningReport, LearningSection } from './run-learning-benchmark';

/** The learning benchmark's report as a table for a terminal. */
export function formatLearningReport(report: LearningReport): string {
  const sections: Array<readonly [string, LearningSection]> = [];
  if (report.sessions) sections.push(['sessions', report.sessions]);
  if (report.scenarios) sections.push(['scenarios', report.scenarios]);
  const lines = [
    `learning benchmark: model ${report.model}, window ${report.window} messages + the new user message`,
    `store: ${report.store}`,
  ];
  for (const [name, section] of sections) lines.push(`${name}: ${section.source}`);
  const header = ['', ...sections.map(([name]) => name), 'target'];
  const rows: string[][] = [
    row(
      '(a) learned where the reference learned',
      sections,
      (f) => shareText(f.agreement),
      '≥ 0.70',
    ),
    row('    learned where it learned nothing', sections, (f) =>
      shareText(f.learnedWhereReferenceDidNot),
    ),
    row('    turns with unknown outcome (left out)', sections, (f) => String(f.unknownTurns)),
    row(
      '(b) generic first requests that taught',
      sections,
      (f) => shareText(f.firstTurnsTaught),
      '≤ 0.05',
    ),
    row(
      '(c) skills created / reference',
      sections,
      (f) => `${f.skills.created} / ${f.skills.reference}`,
      '≤ reference',
    ),
    row(
      '(d) first request asked again retrieves',
      sections,
      (f) => shareText(f.retrieval),
      '≥ 0.90',
    ),
    row('    turns whose learning failed', sections, (f) => String(f.errors)),
  ];
  lines.push('', ...textTable([header, ...rows]));
  const byKind = report.scenarios?.byKind;
  if (byKind) {
    lines.push('', 'scenarios by kind:');
    const kindRows = Object.entries(byKind).map(([kind, figures]) => [
      `  ${kind}`,
      `learned where labelled ${shareText(figures.agreement)}`,
      `taught where not ${shareText(figures.learnedWhereReferenceDidNot)}`,
      `retrieves ${shareText(figures.retrieval)}`,
    ]);
    lines.push(...textTable(kindRows));
  }
  return `${lines.join('\n')}\n`;
}

function row(
  label: string,
  sections: ReadonlyArray<readonly [string, LearningSection]>,
  value: (figures: LearningFigures) => string,
  target = '',
): string[] {
  return [label, ...sections.map(([, section]) => value(section.figures)), target];
}
