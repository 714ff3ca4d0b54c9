import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// The Node helper only (the page is built by Vite into dist/studio, which this must not wipe).
export default defineConfig(packageBuild(['src/index.ts'], { clean: false }));
