import { defineProject } from 'vitest/config';

// Test tags (slow, shared-data) live in the root vitest.config.ts; run from the root
// (`pnpm test`, `pnpm vitest run --project @autoskill/store-local`) or with this package's `test` script.
export default defineProject({
  test: { name: '@autoskill/store-local', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
