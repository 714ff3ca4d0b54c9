import { z } from 'zod';
import { parseJsonObject, validate } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { skillSummary, skillSummarySchema } from '../skills/skill-json';
import { decodeJsonFiles, unzipUpload, withUploadedFolder } from './skill-files';

const fileContent = z.union([
  z.string().describe('UTF-8 text'),
  z.object({ content: z.string(), encoding: z.enum(['utf8', 'base64']).default('utf8') }),
]);

const importBody = z.object({
  files: z
    .record(z.string().min(1), fileContent)
    .refine((files) => Object.keys(files).length > 0, 'must contain at least one file')
    .describe('Relative path → content, e.g. {"release/SKILL.md": "---\\nname: release…"}.'),
  overwrite: z.boolean().optional(),
  include_files: z.boolean().optional(),
  user: userField,
});

interface Upload {
  files: Record<string, Uint8Array>;
  bodyUser?: unknown;
  overwrite?: boolean | undefined;
  includeFiles?: boolean | undefined;
}

/** The uploaded folders from a multipart zip, a raw zip or JSON `files` (one body read for all). */
async function readUpload(type: string, bytes: Buffer): Promise<Upload> {
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
    const upload = form.get('file');
    if (!upload || typeof upload === 'string')
      throw new ProxyHttpError(
        400,
        'Send the zip as the multipart field "file".',
        'invalid_request',
        'invalid_request_error',
        'file',
      );
    return {
      files: unzipUpload(new Uint8Array(await upload.arrayBuffer())),
      bodyUser: form.get('user') ?? undefined,
      overwrite: form.get('overwrite') === null ? undefined : form.get('overwrite') !== 'false',
    };
  }
  if (type.startsWith('application/zip') || type.startsWith('application/octet-stream'))
    return { files: unzipUpload(bytes) };
  const body = validate(importBody, parseJsonObject(bytes.toString('utf8')));
  return {
    files: decodeJsonFiles(body.files),
    bodyUser: body.user,
    overwrite: body.overwrite,
    includeFiles: body.include_files,
  };
}

async function importSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const type = (edge.header('content-type') ?? '').toLowerCase();
  const upload = await readUpload(type, await edge.body());
  const userId = userOf(edge, deps.config.defaultUserId, upload.bodyUser);
  if (!Object.keys(upload.files).some((path) => path === 'SKILL.md' || path.endsWith('/SKILL.md')))
    throw new ProxyHttpError(
      400,
      'The upload contains no SKILL.md.',
      'invalid_request',
      'invalid_request_error',
      'files',
    );
  const result = await withUploadedFolder(upload.files, (rootDir) =>
    deps.autoskill.importAgentSkillDirs({
      rootDir,
      scope: 'user',
      userId,
      ...(upload.overwrite === undefined ? {} : { overwrite: upload.overwrite }),
      ...(upload.includeFiles === undefined ? {} : { includeFiles: upload.includeFiles }),
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

/** `POST /v1/autoskill/skills/import`. */
export const importSkillsRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/autoskill/skills/import',
  tag: 'skills',
  capability: 'skills.import',
  changesSkills: true,
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
  response: z.object({
    ok: z.boolean(),
    object: z.literal('list'),
    user: z.string(),
    imported_count: z.number().int(),
    data: z.array(skillSummarySchema),
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
  }),
  handle: importSkills,
};
