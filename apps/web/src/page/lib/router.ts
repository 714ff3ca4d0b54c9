import { useEffect, useState } from 'react';

/** The studio's pages: `/chat`, `/skills`, `/skills/<id>`, `/activity`, `/settings`. */
export type Route =
  | { view: 'chat' }
  | { view: 'skills'; skillId?: string }
  | { view: 'activity' }
  | { view: 'settings' };

/** The route of a path (unknown paths → chat). */
export function routeOf(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'skills')
    return parts[1]
      ? { view: 'skills', skillId: decodeURIComponent(parts[1]) }
      : { view: 'skills' };
  if (parts[0] === 'activity') return { view: 'activity' };
  if (parts[0] === 'settings') return { view: 'settings' };
  return { view: 'chat' };
}

/** The path of a route. */
export function pathOf(route: Route): string {
  if (route.view === 'skills')
    return route.skillId ? `/skills/${encodeURIComponent(route.skillId)}` : '/skills';
  return `/${route.view}`;
}

const listeners = new Set<() => void>();

/** Goes to a route (history entry; the back button works). */
export function navigate(route: Route | string): void {
  const path = typeof route === 'string' ? route : pathOf(route);
  if (path !== window.location.pathname) window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current route, following navigation and the back button. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(window.location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
