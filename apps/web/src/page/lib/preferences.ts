import { useEffect, useState } from 'react';

/** Browser-side preferences (never secrets): theme and the skill scope sent with chat turns. */
export interface Preferences {
  theme: 'system' | 'light' | 'dark';
  scope: '' | 'user' | 'common' | 'all';
}

const KEY = 'autoskill.studio.preferences';
const DEFAULTS: Preferences = { theme: 'system', scope: '' };
const listeners = new Set<() => void>();

function read(): Preferences {
  try {
    return {
      ...DEFAULTS,
      ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>),
    };
  } catch {
    return DEFAULTS;
  }
}

/** Changes preferences (kept in localStorage) and tells every user of `usePreferences`. */
export function setPreferences(change: Partial<Preferences>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), ...change }));
  } catch {
    // storage disabled
  }
  for (const listener of listeners) listener();
}

/** The current preferences. */
export function usePreferences(): Preferences {
  const [preferences, setState] = useState(read);
  useEffect(() => {
    const update = () => setState(read());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return preferences;
}

/** Applies the theme to <html> (class `dark`), following the system when asked. */
export function applyTheme(theme: Preferences['theme']): void {
  const dark =
    theme === 'dark' ||
    (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}
