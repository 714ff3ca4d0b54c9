import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// The learning worker is its own file next to the bundle: the client starts it by URL
// (`new URL('./learning-worker.js', import.meta.url)`).
export default defineConfig(
  packageBuild({ index: 'src/index.ts', 'learning-worker': 'src/learning/learning-worker.ts' }),
);
