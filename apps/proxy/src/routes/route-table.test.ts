import { describe, expect, it } from 'vitest';
import { capabilityPaths } from '../management/meta/capabilities-route';
import { routeTable } from './route-table';

describe('the route table', () => {
  it('lists every method and path once', () => {
    const keys = routeTable.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('generates the capability list (the hand-written one it replaced, plus the learning queue and the studio sessions)', () => {
    const skills = '/v1/autoskill/skills';
    const extractions = '/v1/autoskill/extractions';
    const sessions = '/v1/autoskill/sessions';
    expect(capabilityPaths(routeTable)).toEqual({
      chat: { path: '/v1/chat/completions' },
      embeddings: { path: '/v1/embeddings' },
      skills: {
        list: skills,
        get: `${skills}/{id}`,
        get_md: `${skills}/{id}/md`,
        save_md: `${skills}/{id}/md`,
        delete: `${skills}/{id}`,
        rollback: `${skills}/{id}/rollback`,
        versions: `${skills}/{id}/versions`,
        export: `${skills}/{id}/export`,
        search: `${skills}/search`,
        import: `${skills}/import`,
        prune: `${skills}/prune`,
        archive: `${skills}/{id}/archive`,
        restore: `${skills}/{id}/restore`,
      },
      extractions: {
        extract_now: extractions,
        simulate: `${extractions}/simulate`,
        latest: `${extractions}/latest`,
        queue: `${extractions}/queue`,
        list: extractions,
        get: `${extractions}/{job_id}`,
        events_stream: `${extractions}/{job_id}/events`,
      },
      conversations: { import: '/v1/autoskill/conversations/import' },
      retrieval: {
        preview: '/v1/autoskill/retrieval/preview',
        traces: '/v1/autoskill/traces/{trace_id}',
      },
      vectors: { status: '/v1/autoskill/vectors/status', rebuild: '/v1/autoskill/vectors/rebuild' },
      sessions: {
        list: sessions,
        create: sessions,
        import: `${sessions}/import`,
        get: `${sessions}/{id}`,
        update: `${sessions}/{id}`,
        delete: `${sessions}/{id}`,
        export: `${sessions}/{id}/export`,
      },
      users: { forget: '/v1/autoskill/users/{user_id}' },
      drafts: {
        list: '/v1/autoskill/drafts',
        get: '/v1/autoskill/drafts/{draft_id}',
        approve: '/v1/autoskill/drafts/{draft_id}/approve',
        reject: '/v1/autoskill/drafts/{draft_id}/reject',
      },
      meta: {
        whoami: '/v1/autoskill/whoami',
        capabilities: '/v1/autoskill/capabilities',
        openapi: '/openapi.json',
      },
    });
  });

  it('marks every write to skills or vectors (forgetting a user included) as clearing the retrieval cache', () => {
    const writes = routeTable.filter(
      (route) =>
        route.method !== 'get' &&
        (/^\/v1\/autoskill\/(skills|vectors|users)\//.test(route.path) ||
          route.path.endsWith('/approve')) &&
        !route.path.endsWith('/search'),
    );
    expect(routeTable.filter((route) => route.changesSkills)).toEqual(writes);
    expect(writes).toHaveLength(10);
  });
});
