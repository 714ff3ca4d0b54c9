import { defineConfig } from 'tsup';

export default defineConfig({
  // The learning worker is its own file next to the bundle: the client starts it by URL
  // (`new URL('./learning-worker.js', import.meta.url)`).
  entry: { index: 'src/index.ts', 'learning-worker': 'src/learning/learning-worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
