import type { LearningFigures, Share } from './learning-figures';
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
    row('(a) learned where the reference learned', sections, (f) => ratio(f.agreement), '≥ 0.70'),
    row('    learned where it learned nothing', sections, (f) =>
      ratio(f.learnedWhereReferenceDidNot),
    ),
    row('    turns with unknown outcome (left out)', sections, (f) => String(f.unknownTurns)),
    row(
      '(b) generic first requests that taught',
      sections,
      (f) => ratio(f.firstTurnsTaught),
      '≤ 0.05',
    ),
    row(
      '(c) skills created / reference',
      sections,
      (f) => `${f.skills.created} / ${f.skills.reference}`,
      '≤ reference',
    ),
    row('(d) first request asked again retrieves', sections, (f) => ratio(f.retrieval), '≥ 0.90'),
    row('    turns whose learning failed', sections, (f) => String(f.errors)),
  ];
  lines.push('', ...table([header, ...rows]));
  const byKind = report.scenarios?.byKind;
  if (byKind) {
    lines.push('', 'scenarios by kind:');
    const kindRows = Object.entries(byKind).map(([kind, figures]) => [
      `  ${kind}`,
      `learned where labelled ${ratio(figures.agreement)}`,
      `taught where not ${ratio(figures.learnedWhereReferenceDidNot)}`,
      `retrieves ${ratio(figures.retrieval)}`,
    ]);
    lines.push(...table(kindRows));
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

function ratio(value: Share): string {
  if (value.of === 0) return '— (none)';
  return `${value.count} / ${value.of} = ${(value.share ?? 0).toFixed(3)}`;
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const cells of rows)
    cells.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  return rows.map((cells) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
