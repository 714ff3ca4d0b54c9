import {
  assertSafeLibraryName,
  assertSafeUserId,
  createSkillId,
  InvalidArgumentError,
  isUuid,
  normalizeSkillDocument,
  renderSkillMarkdown,
  type Skill,
  type SkillDocument,
  type SkillScope,
  type SkillStorePutManyItem,
} from '@autoskill/core';
import { exportSkillDir, writeSkillDirs } from './export-skills';
import {
  type ImportOptions,
  type ImportResult,
  importAgentSkillDirs,
} from './import-agent-skill-dirs';
import type { Logger } from './logger';
import { type SkillAccess, visibleSkill } from './skill-access';
import type { SkillSearchIndex } from './skill-search-index';
import type { NormalizeIdsReport } from './types';

/** Skills in and out of a store: Agent Skill folders, documents, SKILL.md text. */
export class SkillTransfer {
  constructor(
    private readonly access: SkillAccess,
    private readonly index: SkillSearchIndex,
    private readonly logger: Logger,
  ) {}

  /** Imports Agent Skill folders; each written chunk is indexed while the next one is written. */
  async importAgentSkillDirs(options: ImportOptions): Promise<ImportResult> {
    await this.index.retriever();
    const result = await importAgentSkillDirs(
      await this.access.store(),
      {
        ...options,
        onWritten: async (skills) => {
          await this.index.add(skills, { flush: false });
          await options.onWritten?.(skills);
        },
      },
      this.logger,
    );
    await this.index.flush();
    return result;
  }

  /** Adds documents in one batch; ids are kept when they are UUIDs, otherwise new ones are given. */
  async addSkills(
    documents: SkillDocument[],
    options: { scope: SkillScope; owner: string },
  ): Promise<Skill[]> {
    if (!Array.isArray(documents))
      throw new InvalidArgumentError('documents', 'must be an array of skill documents');
    if (options.scope === 'user') assertSafeUserId(options.owner);
    else if (options.scope === 'common') assertSafeLibraryName(options.owner);
    else throw new InvalidArgumentError('scope', 'must be "user" or "common"');
    await this.index.retriever();
    const store = await this.access.store();
    const items: SkillStorePutManyItem[] = documents.map((document) => {
      const normalized = normalizeSkillDocument(document);
      return {
        input: {
          ...normalized,
          id: isUuid(normalized.id) ? normalized.id : createSkillId(),
          scope: options.scope,
          owner: options.owner,
        },
        options: { reason: 'import' },
      };
    });
    const added: Skill[] = [];
    if (store.putMany) {
      for (const outcome of await store.putMany(items, { sync: false })) {
        if ('error' in outcome) throw outcome.error;
        added.push(outcome.skill);
      }
    } else {
      for (const item of items) added.push(await store.put(item.input, item.options));
    }
    await this.index.add(added);
    return added;
  }

  /** The SKILL.md text of a skill as stored (rendered when the store keeps no file). */
  async exportSkillMd(id: string): Promise<string> {
    const skill = await visibleSkill(this.access, id, undefined);
    const files = await (await this.access.store()).readFiles(id);
    const markdown = files?.find((file) => file.path === 'SKILL.md')?.content;
    if (markdown === undefined) return renderSkillMarkdown(skill);
    return typeof markdown === 'string' ? markdown : new TextDecoder().decode(markdown);
  }

  /** All files of a skill folder (SKILL.md + resources), keyed by relative path. */
  async exportSkillDir(id: string): Promise<Record<string, Uint8Array>> {
    await visibleSkill(this.access, id, undefined);
    return exportSkillDir(await this.access.store(), id);
  }

  /** Writes skills as Agent Skill folders under `rootDir`; returns the folders. */
  async writeSkillDirs(skills: Skill[], rootDir: string): Promise<string[]> {
    return writeSkillDirs(await this.access.store(), skills, rootDir);
  }

  /**
   * Re-reads the store (hand-edited SKILL.md files included), lets it give ids to files without
   * one, and reports what it could not read.
   */
  async normalizeIds(): Promise<NormalizeIdsReport> {
    await this.index.retriever();
    const store = await this.access.store();
    await store.rescan?.();
    const skills = await store.list({ scope: 'all' });
    await this.access.reindex(skills.map((skill) => skill.id));
    return {
      skills: skills.length,
      assigned: [...(store.assignedIds ?? [])],
      errors: (store.loadErrors ?? []).map((entry) => ({
        path: entry.path,
        reason: entry.message,
      })),
    };
  }
}
