// The one tsup setup every package builds with (ESM for Node 20, .d.ts, source maps); each
// package's tsup.config.ts names only its entries and what differs.
import type { Options } from 'tsup';

export function packageBuild(entry: Options['entry'], overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...overrides,
  };
}
