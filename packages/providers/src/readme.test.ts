import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { providerCatalog } from './provider-catalog';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README provider table', () => {
  it.each(providerCatalog.map((entry) => [entry.name, entry] as const))(
    'lists %s as the catalog says',
    (name, entry) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, `no README row for ${name}`).toBeDefined();
      for (const value of [
        ...entry.aliases,
        ...entry.apiKeyEnv,
        ...entry.modelEnv,
        ...entry.baseUrlEnv,
      ]) {
        expect(row).toContain(`\`${value}\``);
      }
      if (entry.defaultModel) expect(row).toContain(`\`${entry.defaultModel}\``);
      if (entry.defaultBaseUrl) expect(row).toContain(`\`${entry.defaultBaseUrl}\``);
      if (entry.embeddingModel) expect(row).toContain(`\`${entry.embeddingModel}\``);
    },
  );
});
