import type {
  SkillDocument,
  SkillPutInput,
  SkillScope,
  SkillStorePutOptions,
} from '@autoskill/core';
import type { ResourceFile } from '@autoskill/core/store-kit';
import type { JournalChange } from './change-journal';
import type { SkillEntry } from './skill-entry-table';
import type { RevisionRecord } from './skill-history';

/** A put whose input passed every check that needs no I/O. */
export interface CheckedPut {
  input: SkillPutInput;
  scope: SkillScope;
  owner: string;
  id: string;
  files: ResourceFile[];
  options: SkillStorePutOptions;
}

/** A history line to append: the record and the SKILL.md text of that revision. */
export interface HistoryLine {
  record: RevisionRecord;
  text: string;
}

/** A put with every decision made and nothing written yet (see `SkillWriter.plan`). */
export interface PlannedWrite {
  put: CheckedPut;
  /** The skill as stored before this put, if it exists. */
  existing: SkillEntry | undefined;
  /** The folder the skill ends up in, relative to the root (POSIX). */
  folder: string;
  document: SkillDocument;
  markdown: string;
  /** Recorded revisions before this one (a pending hand edit included). */
  records: RevisionRecord[];
  /** The revision this put records. */
  record: RevisionRecord;
  /** History lines to append, in order: a pending hand edit, then this revision. */
  lines: HistoryLine[];
  /** The history file starts over with the first line (nothing recorded yet). */
  freshHistory: boolean;
  /** Resources whose content changes, with the hash of their bytes. */
  writes: Array<ResourceFile & { hash: string }>;
  /** Resources to delete. */
  removals: string[];
  /** Path → hash of the resources before this put. */
  previousFiles: Record<string, string>;
}

/** The journal line of a planned put. */
export function journalChangeOf(plan: PlannedWrite): JournalChange {
  return {
    operation: 'put',
    id: plan.put.id,
    folder: plan.folder,
    revision: plan.record.revision,
  };
}
