import { apiJson } from './client';

/** A learned add or merge waiting for approval (review mode `learned`). */
export interface Draft {
  id: string;
  kind: 'add' | 'merge';
  skill_id: string;
  base_revision: number;
  name: string;
  title: string;
  description: string;
  version: string;
  reason: string | null;
  created_at: string;
}

export interface DraftDetail extends Draft {
  skill_md: string;
  patch: string;
  current_revision: number;
  stale: boolean;
}

const BASE = '/v1/autoskill/drafts';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listDrafts = () =>
  apiJson<{ review: 'off' | 'learned'; data: Draft[] }>(BASE).then((body) => body.data);
export const getDraft = (id: string) => apiJson<DraftDetail>(path(id));
/** Writes the draft as the skill (or its next version); a 409 ApiError when the skill moved on. */
export const approveDraft = (id: string) => apiJson<unknown>(`${path(id)}/approve`, { json: {} });
export const rejectDraft = (id: string) => apiJson<unknown>(`${path(id)}/reject`, { json: {} });
