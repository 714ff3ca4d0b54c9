import type { SearchScope, Skill } from '@autoskill/core';
import { type ProxyContext, type ProxyDependencies, userOf } from '../app-context';
import { ProxyHttpError } from '../http/proxy-http-error';
import { parseJsonObject, readBodyText, readJson, readQuery, validate } from '../http/read-json';
import {
  exportQuery,
  importBody,
  rollbackBody,
  searchBody,
  skillGetQuery,
  skillMdBody,
  skillsListQuery,
  userQuery,
} from '../schemas';
import { skillDetail, skillSource, skillSummary } from '../serializers';
import {
  exportResponse,
  importResponse,
  listResponse,
  mdResponse,
  searchResponse,
  skillResponse,
  versionsResponse,
} from './response-schemas';
import { json, type RouteDefinition } from './route-definition';
import { readableSkill, writableSkill } from './skill-access';
import {
  decodeJsonFiles,
  filesToJson,
  unzipUpload,
  withUploadedFolder,
  zipFolder,
} from './skill-files';

const BASE = '/v1/autoskill/skills';

function normalizeScope(scope: string | undefined): SearchScope | undefined {
  return scope === 'library' ? 'common' : (scope as SearchScope | undefined);
}

async function listSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, skillsListQuery);
  const userId = userOf(context, deps.config);
  const scope = normalizeScope(query.scope) ?? 'user';
  const own = scope === 'common' ? [] : await deps.autoskill.list({ userId, scope: 'user' });
  const library = scope === 'user' ? [] : await deps.autoskill.list({ scope: 'common' });
  const skills = [...own, ...library].slice(0, query.limit);
  return json({ object: 'list', user: userId, scope, data: skills.map(skillSummary) });
}

async function getSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, skillGetQuery);
  const skill = await readableSkill(
    deps,
    context.req.param('id') as string,
    userOf(context, deps.config),
  );
  const md = query.include_md ? await deps.autoskill.exportSkillMd(skill.id) : undefined;
  return json({ object: 'skill', data: skillDetail(skill, md) });
}

async function getSkillMd(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const skill = await readableSkill(
    deps,
    context.req.param('id') as string,
    userOf(context, deps.config),
  );
  return json({
    object: 'skill_md',
    skill_id: skill.id,
    name: skill.name,
    version: skill.version,
    skill_md: await deps.autoskill.exportSkillMd(skill.id),
  });
}

async function historyCount(
  deps: ProxyDependencies,
  skill: Skill,
  userId: string,
): Promise<number> {
  return (await deps.autoskill.versions(skill.id, { userId })).length;
}

async function putSkillMd(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, skillMdBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  const saved = await deps.autoskill.saveSkillMd(skill.id, (body.skill_md ?? body.md) as string, {
    userId,
  });
  const md = await deps.autoskill.exportSkillMd(saved.id);
  return json({
    ok: true,
    object: 'skill',
    data: skillDetail(saved, md),
    history_count: await historyCount(deps, saved, userId),
  });
}

async function deleteSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context, deps.config);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  await deps.autoskill.delete(skill.id, { userId });
  return json({ ok: true, deleted: true, skill_id: skill.id });
}

async function rollbackSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, rollbackBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  const versions = await deps.autoskill.versions(skill.id, { userId });
  const restored = await deps.autoskill.rollback(skill.id, {
    userId,
    ...(body.to_version === undefined ? {} : { toVersion: body.to_version }),
    ...(body.to_revision === undefined ? {} : { toRevision: body.to_revision }),
  });
  const after = await deps.autoskill.versions(skill.id, { userId });
  const restoredFrom = after.at(-1)?.restoredFrom;
  const source = versions.find((entry) => entry.revision === restoredFrom);
  return json({
    ok: true,
    object: 'skill',
    data: skillDetail(restored),
    restored_from: source
      ? { version: source.version, revision: source.revision, updated_at: source.savedAt }
      : null,
    history_count: after.length,
  });
}

async function skillVersions(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context, deps.config);
  const skill = await readableSkill(deps, context.req.param('id') as string, userId);
  const versions = await deps.autoskill.versions(skill.id, { userId });
  return json({
    object: 'list',
    skill_id: skill.id,
    name: skill.name,
    data: versions.map((entry) => ({
      version: entry.version,
      revision: entry.revision,
      reason: entry.reason ?? null,
      restored_from: entry.restoredFrom ?? null,
      updated_at: entry.savedAt,
      is_current: entry.current,
    })),
  });
}

async function exportSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, exportQuery);
  const skill = await readableSkill(
    deps,
    context.req.param('id') as string,
    userOf(context, deps.config),
  );
  const head = {
    object: 'skill_export',
    skill_id: skill.id,
    name: skill.name,
    version: skill.version,
  };
  if (query.format === 'md' || query.format === 'skill_md') {
    return json({ ...head, format: 'md', skill_md: await deps.autoskill.exportSkillMd(skill.id) });
  }
  const files = await deps.autoskill.exportSkillDir(skill.id);
  if (query.format === 'files')
    return json({ ...head, format: 'files', files: filesToJson(files) });
  const zip = zipFolder(skill.name, files);
  if (query.format === 'zip_base64') {
    return json({
      ...head,
      format: 'zip_base64',
      file_name: `${skill.name}.zip`,
      zip_base64: Buffer.from(zip).toString('base64'),
    });
  }
  return new Response(zip, {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${skill.name}.zip"`,
      'cache-control': 'no-store',
    },
  });
}

async function searchSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const body = await readJson(context, searchBody, deps.config.maxBodyBytes);
  const userId = userOf(context, deps.config, body.user);
  const scope = normalizeScope(body.scope) ?? deps.config.skillScope;
  const query = (body.query ?? body.q ?? '').trim();
  const hits = await deps.autoskill.search(query, {
    userId,
    scope,
    limit: body.limit ?? Math.max(1, deps.config.topK),
    minScore: body.min_score ?? 0,
  });
  const data = hits.map((hit, index) => ({
    rank: index + 1,
    score: Math.round(hit.score * 10_000) / 10_000,
    id: hit.skill.id,
    name: hit.skill.name,
    title: hit.skill.title,
    description: hit.skill.description,
    resource_paths: hit.skill.files.slice(0, 12),
    source: skillSource(hit.skill),
    owner: hit.skill.owner,
    version: hit.skill.version,
    skill: skillSummary(hit.skill),
  }));
  return json({
    object: 'list',
    query,
    user: userId,
    scope,
    data,
    data_user: data.filter((hit) => hit.skill.scope === 'user'),
    data_library: data.filter((hit) => hit.skill.scope === 'common'),
    error: null,
  });
}

async function importSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const type = (context.req.header('content-type') ?? '').toLowerCase();
  let files: Record<string, Uint8Array>;
  let bodyUser: unknown;
  let overwrite: boolean | undefined;
  let includeFiles: boolean | undefined;
  if (type.startsWith('multipart/form-data')) {
    const form = await context.req.formData();
    const upload = form.get('file');
    if (!upload || typeof upload === 'string')
      throw new ProxyHttpError(
        400,
        'Send the zip as the multipart field "file".',
        'invalid_request',
        'invalid_request_error',
        'file',
      );
    if (upload.size > deps.config.maxBodyBytes)
      throw new ProxyHttpError(
        413,
        `The upload is larger than ${deps.config.maxBodyBytes} bytes.`,
        'request_too_large',
      );
    files = unzipUpload(new Uint8Array(await upload.arrayBuffer()));
    bodyUser = form.get('user') ?? undefined;
    overwrite = form.get('overwrite') === null ? undefined : form.get('overwrite') !== 'false';
  } else if (type.startsWith('application/zip') || type.startsWith('application/octet-stream')) {
    const buffer = new Uint8Array(await context.req.arrayBuffer());
    if (buffer.length > deps.config.maxBodyBytes)
      throw new ProxyHttpError(
        413,
        `The upload is larger than ${deps.config.maxBodyBytes} bytes.`,
        'request_too_large',
      );
    files = unzipUpload(buffer);
  } else {
    const body = validate(
      importBody,
      parseJsonObject(await readBodyText(context, deps.config.maxBodyBytes)),
    );
    files = decodeJsonFiles(body.files);
    bodyUser = body.user;
    overwrite = body.overwrite;
    includeFiles = body.include_files;
  }
  const userId = userOf(context, deps.config, bodyUser);
  if (!Object.keys(files).some((path) => path === 'SKILL.md' || path.endsWith('/SKILL.md'))) {
    throw new ProxyHttpError(
      400,
      'The upload contains no SKILL.md.',
      'invalid_request',
      'invalid_request_error',
      'files',
    );
  }
  const result = await withUploadedFolder(files, (rootDir) =>
    deps.autoskill.importAgentSkillDirs({
      rootDir,
      scope: 'user',
      userId,
      ...(overwrite === undefined ? {} : { overwrite }),
      ...(includeFiles === undefined ? {} : { includeFiles }),
    }),
  );
  return json({
    ok: result.imported.length > 0,
    object: 'list',
    user: userId,
    imported_count: result.imported.length,
    data: result.imported.map(skillSummary),
    skipped: result.skipped,
    warnings: result.warnings,
  });
}

/** Skill management routes (`/v1/autoskill/skills…`). */
export const skillRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: BASE,
    tag: 'skills',
    summary: "List the caller's skills (scope=common: the library; all: both)",
    query: skillsListQuery,
    response: listResponse,
    handle: listSkills,
  },
  {
    method: 'post',
    path: `${BASE}/search`,
    tag: 'skills',
    summary: 'Hybrid search over your skills and the library',
    body: searchBody,
    response: searchResponse,
    handle: searchSkills,
  },
  {
    method: 'post',
    path: `${BASE}/import`,
    tag: 'skills',
    summary:
      'Import uploaded Agent Skill folders (JSON files, a multipart zip or a raw zip body) into your skills',
    body: importBody,
    alternativeBodies: {
      'multipart/form-data': {
        description:
          'field "file": a zip of one or more skill folders; optional fields "user", "overwrite"',
      },
      'application/zip': { description: 'a zip of one or more skill folders' },
    },
    response: importResponse,
    handle: importSkills,
  },
  {
    method: 'get',
    path: `${BASE}/:id`,
    tag: 'skills',
    summary: 'One skill (yours or the library’s); include_md=1 adds the SKILL.md',
    query: skillGetQuery,
    response: skillResponse,
    handle: getSkill,
  },
  {
    method: 'delete',
    path: `${BASE}/:id`,
    tag: 'skills',
    summary: 'Delete one of your skills',
    query: userQuery,
    handle: deleteSkill,
  },
  {
    method: 'get',
    path: `${BASE}/:id/md`,
    tag: 'skills',
    summary: 'The SKILL.md text of a skill',
    query: userQuery,
    response: mdResponse,
    handle: getSkillMd,
  },
  {
    method: 'put',
    path: `${BASE}/:id/md`,
    tag: 'skills',
    summary: 'Replace one of your skills with an edited SKILL.md (new version; history kept)',
    body: skillMdBody,
    response: skillResponse,
    handle: putSkillMd,
  },
  {
    method: 'post',
    path: `${BASE}/:id/rollback`,
    tag: 'skills',
    summary: 'Restore an earlier revision of one of your skills (default: the previous one)',
    body: rollbackBody,
    response: skillResponse,
    handle: rollbackSkill,
  },
  {
    method: 'get',
    path: `${BASE}/:id/versions`,
    tag: 'skills',
    summary: 'Revision history of a skill, oldest first',
    query: userQuery,
    response: versionsResponse,
    handle: skillVersions,
  },
  {
    method: 'get',
    path: `${BASE}/:id/export`,
    tag: 'skills',
    summary: 'Export a skill folder: files (JSON), md, zip (download) or zip_base64',
    query: exportQuery,
    response: exportResponse,
    handle: exportSkill,
  },
];
