import { apiFetch, apiJson } from './client';
import type { Session, SessionMessage, SessionSummary } from './types';

const BASE = '/v1/autoskill/sessions';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listSessions = () =>
  apiJson<{ data: SessionSummary[] }>(BASE).then((body) => body.data);
export const getSession = (id: string) => apiJson<Session>(path(id));
export const createSession = (messages: SessionMessage[] = []) =>
  apiJson<Session>(BASE, { json: { messages } });
export const updateSession = (
  id: string,
  change: { title?: string; messages?: SessionMessage[]; config?: Record<string, unknown> },
) => apiJson<Session>(path(id), { method: 'PUT', json: change });
export const deleteSession = (id: string) => apiFetch(path(id), { method: 'DELETE' });
export const exportSession = (id: string) =>
  apiFetch(`${path(id)}/export`).then((response) => response.text());
export const importSessions = (file: unknown) =>
  apiJson<{ imported_count: number; data: SessionSummary[] }>(`${BASE}/import`, { json: file });
