import { apiFetch, apiJson } from './client';
import type { SkillDetail, SkillSummary, VersionEntry } from './types';

const BASE = '/v1/autoskill/skills';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listSkills = (scope: string) =>
  apiJson<{ data: SkillSummary[] }>(`${BASE}?scope=${encodeURIComponent(scope)}&limit=1000`).then(
    (body) => body.data,
  );
export const getSkill = (id: string) =>
  apiJson<{ data: SkillDetail }>(`${path(id)}?include_md=1`).then((body) => body.data);
export const getSkillMd = (id: string, revision?: number) =>
  apiJson<{ skill_md: string; version: string; revision: number }>(
    `${path(id)}/md${revision === undefined ? '' : `?revision=${revision}`}`,
  );
/** Saves an edit made on `expectedRevision`: a 409 ApiError when the skill changed meanwhile. */
export const saveSkillMd = (id: string, skillMd: string, expectedRevision: number) =>
  apiJson<{ data: SkillDetail }>(`${path(id)}/md`, {
    method: 'PUT',
    json: { skill_md: skillMd, expected_revision: expectedRevision },
  });
export const deleteSkill = (id: string) => apiFetch(path(id), { method: 'DELETE' });
export const skillVersions = (id: string) =>
  apiJson<{ data: VersionEntry[] }>(`${path(id)}/versions`).then((body) => body.data);
export const rollbackSkill = (id: string, revision: number) =>
  apiJson<{ data: SkillDetail }>(`${path(id)}/rollback`, { json: { to_revision: revision } });
export const exportSkillZip = (id: string) =>
  apiFetch(`${path(id)}/export?format=zip`).then((response) => response.blob());

/** Imports a zip (multipart upload) or a dropped folder's files (JSON `files` map). */
export function importSkills(
  upload:
    | { zip: File }
    | { files: Record<string, string | { content: string; encoding: 'base64' }> },
) {
  if ('zip' in upload) {
    const form = new FormData();
    form.append('file', upload.zip, upload.zip.name);
    return apiJson<{ imported_count: number; data: SkillSummary[]; skipped?: unknown[] }>(
      `${BASE}/import`,
      {
        body: form,
      },
    );
  }
  return apiJson<{ imported_count: number; data: SkillSummary[]; skipped?: unknown[] }>(
    `${BASE}/import`,
    {
      json: { files: upload.files },
    },
  );
}
