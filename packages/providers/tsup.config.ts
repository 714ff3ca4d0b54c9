import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig(
  packageBuild(['src/index.ts', 'src/openai/index.ts', 'src/anthropic/index.ts']),
);
