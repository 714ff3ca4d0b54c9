import { defineConfig } from 'tsup';

// The Node helper only (the page is built by Vite into dist/studio, which this must not wipe).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: false,
  target: 'node20',
});
