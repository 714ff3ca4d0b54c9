import { describe, expect, it } from 'vitest';
import { AutoSkill } from './auto-skill';
import { parseDatabaseUrl } from './database-runtime';

describe('parseDatabaseUrl', () => {
  it('reads servers, embedded folders and memory, with an optional schema', () => {
    expect(parseDatabaseUrl('postgres://me:pw@db.local:5432/app?schema=team_a')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://me:pw@db.local:5432/app',
      schema: 'team_a',
    });
    expect(parseDatabaseUrl('postgresql://db.local/app')).toMatchObject({ schema: 'autoskill' });
    expect(parseDatabaseUrl('pglite:///var/lib/autoskill/db')).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/autoskill/db',
      schema: 'autoskill',
    });
    expect(parseDatabaseUrl('pglite://memory')).toEqual({
      kind: 'pglite',
      dataDir: undefined,
      schema: 'autoskill',
    });
  });

  it.each([
    ['mysql://root:topsecret@db/app', /unsupported scheme "mysql:"/],
    ['pglite://relative/dir', /pglite:\/\/\/absolute\/dir/],
    ['postgres://u:topsecret@db/app?schema=Bad-Name', /schema must be lower-case/],
    ['not a url', /must be a URL/],
  ])('refuses %s without showing its password', (url, message) => {
    const error = (() => {
      try {
        parseDatabaseUrl(url);
      } catch (caught) {
        return caught as Error & { code?: string };
      }
    })();
    expect(error?.code).toBe('INVALID_ARGUMENT');
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('topsecret');
  });

  it('refuses databaseUrl together with a store', () => {
    expect(() => new AutoSkill({ databaseUrl: 'pglite://memory', store: 'memory' })).toThrow(
      /either databaseUrl or store/,
    );
  });
});

describe('AUTOSKILL_JOB_LEASE_MS', () => {
  it.each(['5', 'ten', '1.5', '99999999'])('refuses %s when the client is made', (lease) => {
    expect(
      () =>
        new AutoSkill({
          databaseUrl: 'pglite://memory',
          logger: 'silent',
          env: { AUTOSKILL_JOB_LEASE_MS: lease },
        }),
    ).toThrow(/AUTOSKILL_JOB_LEASE_MS.*1000 to 3600000/);
  });
});
