import { z } from 'zod';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { readableSkill } from '../skills/skill-access';
import { filesToJson, zipFolder } from './skill-files';

const exportQuery = z.object({
  user: userField,
  format: z.enum(['files', 'md', 'skill_md', 'zip', 'zip_base64']).default('files'),
});

async function exportSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, exportQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const skill = await readableSkill(deps, context.req.param('id') as string, userId);
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

const exportedFile = z.union([
  z.string(),
  z.object({ content: z.string(), encoding: z.literal('base64') }),
]);

/** `GET /v1/autoskill/skills/{id}/export`. */
export const exportSkillRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/skills/:id/export',
  tag: 'skills',
  capability: 'skills.export',
  summary: 'Export a skill folder: files (JSON), md, zip (download) or zip_base64',
  query: exportQuery,
  response: z.object({
    object: z.literal('skill_export'),
    skill_id: z.string(),
    name: z.string(),
    version: z.string(),
    format: z.enum(['files', 'md', 'zip_base64']),
    files: z.record(z.string(), exportedFile).optional(),
    skill_md: z.string().optional(),
    file_name: z.string().optional(),
    zip_base64: z.string().optional(),
  }),
  handle: exportSkill,
};
