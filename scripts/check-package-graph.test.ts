import { describe, expect, it } from 'vitest';
import { checkPackageGraph } from './check-package-graph';

describe('workspace package graph', () => {
  it('depends one way and keeps isomorphic packages free of Node built-ins', () => {
    expect(checkPackageGraph()).toEqual([]);
  });
});
