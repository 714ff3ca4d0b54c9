import { AutoSkillError } from '@autoskill/core';
import { z } from 'zod';
import { parseJsonObject, validate } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { skillSummary, skillSummarySchema } from '../skills/skill-json';
import { parseMultipartForm } from './multipart-form';
import { decodeJsonFiles } from './skill-files';
import { UPLOAD_LIMITS } from './upload-limits';
import type { SkippedUploadEntry } from './upload-paths';
import { unzipUpload } from './zip-upload';

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
  /** Entries left out before the import (hidden files, macOS metadata). */
  skipped: SkippedUploadEntry[];
  bodyUser?: unknown;
  overwrite?: boolean | undefined;
  includeFiles?: boolean | undefined;
}

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** The uploaded folders from a multipart zip, a raw zip or JSON `files` (one body read for all). */
async function readUpload(contentType: string, bytes: Buffer): Promise<Upload> {
  // Media types compare case-insensitively; the boundary is case-sensitive (browsers mix cases).
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = parseMultipartForm(bytes, contentType);
    const upload = form.get('file');
    if (!upload)
      throw new ProxyHttpError(
        400,
        'Send the zip as the multipart field "file".',
        'invalid_request',
        'invalid_request_error',
        'file',
      );
    const text = (name: string) => form.get(name)?.data.toString('utf8');
    const flag = (name: string) => (text(name) === undefined ? undefined : text(name) !== 'false');
    return {
      ...(await unzipUpload(upload.data)),
      bodyUser: text('user'),
      overwrite: flag('overwrite'),
      includeFiles: flag('include_files'),
    };
  }
  if (ZIP_TYPES.some((zip) => type.startsWith(zip))) return unzipUpload(bytes);
  const body = validate(importBody, parseJsonObject(bytes.toString('utf8')));
  return {
    ...decodeJsonFiles(body.files),
    bodyUser: body.user,
    overwrite: body.overwrite,
    includeFiles: body.include_files,
  };
}

async function importSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const upload = await readUpload(edge.header('content-type') ?? '', await edge.body());
  const userId = userOf(edge, deps.config.defaultUserId, upload.bodyUser);
  if (!Object.keys(upload.files).some((path) => path === 'SKILL.md' || path.endsWith('/SKILL.md')))
    throw new ProxyHttpError(
      400,
      'The upload contains no SKILL.md.',
      'invalid_request',
      'invalid_request_error',
      'files',
    );
  // Straight from memory into the store, all or nothing: no temp folder, nothing to clean up.
  const result = await deps.autoskill
    .importAgentSkillDirs({
      files: upload.files,
      scope: 'user',
      userId,
      atomic: true,
      maxFileBytes: UPLOAD_LIMITS.maxFileBytes,
      ...(upload.overwrite === undefined ? {} : { overwrite: upload.overwrite }),
      ...(upload.includeFiles === undefined ? {} : { includeFiles: upload.includeFiles }),
    })
    .catch((error: unknown) => {
      throw withoutServerPaths(error);
    });
  return json({
    ok: result.imported.length > 0,
    object: 'list',
    user: userId,
    imported_count: result.imported.length,
    unchanged_count: result.unchanged.length,
    data: result.imported.map(skillSummary),
    skipped: [...upload.skipped, ...result.skipped],
    warnings: result.warnings,
  });
}

/**
 * An unexpected failure (not a typed AutoSkill error) becomes a 500 whose message names no
 * server path: file-system errors quote the paths they failed on.
 */
function withoutServerPaths(error: unknown): unknown {
  if (error instanceof ProxyHttpError || AutoSkillError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProxyHttpError(
    500,
    `Internal error while importing: ${message.replace(/'(?:[A-Za-z]:)?[\\/][^']*'/g, "'<server path>'")}`,
    'internal_error',
  );
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
        'field "file": a zip of one or more skill folders; optional fields "user", "overwrite", "include_files"',
    },
    'application/zip': { description: 'a zip of one or more skill folders' },
  },
  response: z.object({
    ok: z.boolean(),
    object: z.literal('list'),
    user: z.string(),
    imported_count: z.number().int().describe('skills the upload is now in the store as'),
    unchanged_count: z
      .number()
      .int()
      .describe('of those, already there with the same content: nothing written'),
    data: z.array(skillSummarySchema),
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
  }),
  handle: importSkills,
};
