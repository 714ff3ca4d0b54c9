import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/openai/index.ts', 'src/anthropic/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
