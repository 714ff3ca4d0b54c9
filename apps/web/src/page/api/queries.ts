import { apiJson } from './client';
import type { Capabilities, Identity } from './types';

/** Query keys, one per resource (invalidated after writes and learning events). */
export const keys = {
  whoami: ['whoami'] as const,
  capabilities: ['capabilities'] as const,
  skills: (scope: string) => ['skills', scope] as const,
  skill: (id: string) => ['skill', id] as const,
  versions: (id: string) => ['versions', id] as const,
  skillMd: (id: string, revision?: number) => ['skill-md', id, revision ?? 'current'] as const,
  sessions: ['sessions'] as const,
  session: (id: string) => ['session', id] as const,
  jobs: ['jobs'] as const,
};

export const fetchWhoami = () => apiJson<Identity>('/v1/autoskill/whoami');
export const fetchCapabilities = () =>
  apiJson<{ data: Capabilities }>('/v1/autoskill/capabilities').then((body) => body.data);
