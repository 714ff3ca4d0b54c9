import { describe, expect, it } from 'vitest';
import { bumpPatchVersion, compareVersions, versionAfter } from './identity';

describe('versions', () => {
  it('bumps the highest version the skill ever had unless a higher one is asked for', () => {
    expect(versionAfter(['0.1.0'])).toBe('0.1.1');
    expect(versionAfter(['0.1.0', '0.1.3', '0.1.1'])).toBe('0.1.4');
    expect(versionAfter(['0.1.0', '0.1.3'], '0.1.2')).toBe('0.1.4');
    expect(versionAfter(['0.1.0', '0.1.3'], '0.1.3')).toBe('0.1.4');
    expect(versionAfter(['0.1.0'], '0.2.0')).toBe('0.2.0');
    expect(versionAfter([], '0.3.0')).toBe('0.3.0');
    expect(versionAfter([])).toBe('0.1.0');
  });

  it('orders numerically and treats non-semver labels as lowest', () => {
    expect(compareVersions('1.2.10', '1.2.9')).toBeGreaterThan(0);
    expect(compareVersions('draft', '0.0.1')).toBeLessThan(0);
    expect(bumpPatchVersion('v1.2.3')).toBe('1.2.4');
    expect(bumpPatchVersion('draft')).toBe('0.1.1');
  });
});
