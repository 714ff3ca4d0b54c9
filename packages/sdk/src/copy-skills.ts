import type { Skill, SkillPutInput, SkillStore } from '@autoskill/core';

/** What `copySkills` did, skill by skill. */
export interface CopySkillsReport {
  /** Skills the target did not have. */
  created: string[];
  /** Skills the target had at an older revision: the missing revisions were added. */
  updated: string[];
  /** Skills the target already had at the source's revision (a re-run copies nothing). */
  unchanged: string[];
  /** Skills the target holds at a later revision than the source: left alone. */
  skippedNewer: string[];
  /** Revisions written in all. */
  revisions: number;
}

/**
 * Copies every skill (user skills and the library) with its history: each revision the target
 * lacks is written in order, with its reason and resource files, so revision numbers match.
 * A skill the target has at the same revision is taken as copied already (idempotent re-runs).
 */
export async function copySkills(
  source: SkillStore,
  target: SkillStore,
): Promise<CopySkillsReport> {
  const report: CopySkillsReport = {
    created: [],
    updated: [],
    unchanged: [],
    skippedNewer: [],
    revisions: 0,
  };
  for (const skill of await source.list({ scope: 'all' })) {
    const existing = await target.get(skill.id);
    const have = existing?.revision ?? 0;
    if (have > skill.revision) {
      report.skippedNewer.push(skill.id);
      continue;
    }
    if (have === skill.revision) {
      report.unchanged.push(skill.id);
      continue;
    }
    const history = (await source.history(skill.id)).filter((entry) => entry.revision > have);
    history.sort((a, b) => a.revision - b.revision);
    for (const entry of history) {
      const content = await source.getRevision(skill.id, entry.revision);
      if (!content) continue;
      // readFiles includes SKILL.md itself; the target writes that from the document.
      const files = ((await source.readFiles(skill.id, { revision: entry.revision })) ?? []).filter(
        (file) => file.path !== 'SKILL.md',
      );
      await target.put(putInput(content), {
        files,
        replaceFiles: true,
        ...(entry.reason ? { reason: entry.reason } : {}),
        ...(entry.restoredFrom === undefined ? {} : { restoredFrom: entry.restoredFrom }),
      });
      report.revisions += 1;
    }
    (existing ? report.updated : report.created).push(skill.id);
  }
  return report;
}

function putInput(skill: Skill): SkillPutInput {
  const { files: _files, revision: _revision, ...input } = skill;
  return input;
}
