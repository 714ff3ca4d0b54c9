import { resolve } from 'node:path';
import type { Skill } from '@autoskill/core';
import type { AutoSkill, SessionSettings } from '@autoskill/sdk';
import type { EntryFormat } from './chat-state';
import { findSkill } from './skill-lookup';

/** What the skill commands need from the session they run in. */
export interface SkillCommandContext {
  autoskill: AutoSkill;
  userId: string;
  settings: SessionSettings;
  cwd: string;
}

/** A command's printed result. */
export interface CommandOutput {
  text: string;
  format?: EntryFormat;
}

/** The skills this user can see (their own and the library's). */
export function visibleSkills(context: SkillCommandContext): Promise<Skill[]> {
  return context.autoskill.list({ userId: context.userId, scope: 'all' });
}

/** `/skills` outside the browser: one line per skill of the user. */
export async function listSkills(context: SkillCommandContext): Promise<CommandOutput> {
  const skills = await context.autoskill.list({ userId: context.userId, scope: 'user' });
  if (skills.length === 0) return { text: 'No skills yet.' };
  return {
    text: skills.map((skill) => `${skill.name}  v${skill.version}  ${skill.id}`).join('\n'),
  };
}

/** `/search QUERY` with the session's scope, top_k and min_score. */
export async function searchSkills(
  context: SkillCommandContext,
  query: string,
): Promise<CommandOutput> {
  if (!query) return { text: 'Usage: /search QUERY' };
  const { skillScope, topK, minScore } = context.settings;
  const hits = await context.autoskill.search(query, {
    userId: context.userId,
    scope: skillScope,
    limit: Math.max(1, topK),
    minScore,
  });
  if (hits.length === 0)
    return { text: `No skill scores ≥ ${minScore} in scope ${skillScope} (top_k ${topK}).` };
  return {
    text: hits
      .map(
        (hit) =>
          `${hit.score.toFixed(3)}  ${hit.skill.name}  v${hit.skill.version}  ${hit.skill.scope}  ${hit.skill.id}`,
      )
      .join('\n'),
  };
}

/** `/export ID|NAME`: the SKILL.md. */
export async function exportSkill(
  context: SkillCommandContext,
  reference: string,
): Promise<CommandOutput> {
  if (!reference) return { text: 'Usage: /export ID|NAME' };
  const found = findSkill(await visibleSkills(context), reference);
  if ('problem' in found) return { text: found.problem };
  return { text: (await context.autoskill.exportSkillMd(found.skill.id)).trimEnd() };
}

/** `/write DIR`: the user's skills as Agent Skill folders. */
export async function writeSkills(
  context: SkillCommandContext,
  directory: string,
): Promise<CommandOutput> {
  if (!directory) return { text: 'Usage: /write DIR' };
  const folders = await context.autoskill.writeSkillDirs({
    userId: context.userId,
    rootDir: resolve(context.cwd, directory),
  });
  return {
    text: folders.length
      ? [`Wrote ${folders.length} skill folder(s):`, ...folders].join('\n')
      : 'No skills to write.',
  };
}

/** `/versions ID|NAME`: every kept revision, oldest first. */
export async function skillVersions(
  context: SkillCommandContext,
  reference: string,
): Promise<CommandOutput> {
  if (!reference) return { text: 'Usage: /versions ID|NAME' };
  const found = findSkill(await visibleSkills(context), reference);
  if ('problem' in found) return { text: found.problem };
  const versions = await context.autoskill.versions(found.skill.id, { userId: context.userId });
  return {
    text: [
      `${found.skill.name}:`,
      ...versions.map(
        (entry) =>
          `  v${entry.version}  revision ${entry.revision}  ${entry.reason ?? ''}  ${entry.savedAt}${entry.current ? '  (current)' : ''}`,
      ),
    ].join('\n'),
  };
}

/** `/diff ID|NAME [V1] [V2]`: previous → current by default, V1 → current, or V1 → V2. */
export async function diffSkill(
  context: SkillCommandContext,
  argument: string,
): Promise<CommandOutput> {
  const [reference, from, to] = argument.split(/\s+/).filter(Boolean);
  if (!reference) return { text: 'Usage: /diff ID|NAME [V1] [V2]' };
  const found = findSkill(await visibleSkills(context), reference);
  if ('problem' in found) return { text: found.problem };
  const diff = await context.autoskill.diffVersions(found.skill.id, {
    userId: context.userId,
    ...(from ? { from: { version: from } } : {}),
    ...(to ? { to: { version: to } } : {}),
  });
  if (diff.identical)
    return {
      text: `v${diff.from.version} and v${diff.to.version} of ${found.skill.name} are identical.`,
    };
  return { text: diff.patch.trimEnd(), format: 'diff' };
}

/** What `/rollback ID|NAME [VERSION]` would do, checked before asking for confirmation. */
export async function planRollback(
  context: SkillCommandContext,
  argument: string,
): Promise<{ skill: Skill; toVersion: string } | { problem: string }> {
  const [reference, version] = argument.split(/\s+/).filter(Boolean);
  if (!reference) return { problem: 'Usage: /rollback ID|NAME [VERSION]' };
  const found = findSkill(
    await context.autoskill.list({ userId: context.userId, scope: 'user' }),
    reference,
  );
  if ('problem' in found) return found;
  const versions = await context.autoskill.versions(found.skill.id, { userId: context.userId });
  const current = versions.find((entry) => entry.current);
  const wanted = version?.replace(/^v/, '');
  const target = wanted
    ? [...versions].reverse().find((entry) => entry.version === wanted && !entry.current)
    : [...versions].reverse().find((entry) => current && entry.revision < current.revision);
  if (!target)
    return {
      problem: wanted
        ? `${found.skill.name} has no version v${wanted} to roll back to (see /versions ${found.skill.name}).`
        : `${found.skill.name} has no earlier version.`,
    };
  return { skill: found.skill, toVersion: target.version };
}

/** `/settings`: the session's settings and where it runs. */
export function describeSettings(
  context: SkillCommandContext,
  details: { storeDir: string; modelLabel: string },
): CommandOutput {
  const settings = context.settings;
  return {
    text: [
      `store          ${details.storeDir}`,
      `user           ${context.userId}`,
      `model          ${details.modelLabel}`,
      `skill_scope    ${settings.skillScope}`,
      `rewrite_mode   ${settings.rewriteMode}`,
      `extract_mode   ${settings.extractMode} (every ${settings.extractTurnLimit} turn(s))`,
      `min_score      ${settings.minScore}`,
      `top_k          ${settings.topK}`,
      `ingest_window  ${settings.ingestWindow}`,
      `history_turns  ${settings.historyTurns}`,
    ].join('\n'),
  };
}
