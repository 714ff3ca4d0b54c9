import type { ProxyDependencies } from './proxy-dependencies';

/** Bus topic: skills were learned, edited, imported, deleted or rolled back somewhere. */
export const SKILLS_CHANGED = 'skills-changed';

/**
 * Skills changed in this process: forget cached retrievals here and tell the other processes
 * of the proxy to do the same (their search indexes pick the change up from the store's journal).
 */
export function skillsChanged(deps: Pick<ProxyDependencies, 'retrievalCache' | 'bus'>): void {
  deps.retrievalCache.clear();
  deps.bus.broadcast(SKILLS_CHANGED, null);
}
