import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// A command, not a library: no type declarations.
export default defineConfig(packageBuild(['src/bin.ts'], { dts: false }));
