import { useEffect, useState } from 'react';

/**
 * Browser-side preferences (never secrets): the theme, and the turn settings sent with each chat
 * request as `X-AutoSkill-*` headers ('' = the server's value).
 */
export interface Preferences {
  theme: 'system' | 'light' | 'dark';
  scope: '' | 'user' | 'common' | 'all';
  rewriteMode: '' | 'always' | 'auto' | 'never';
  extractMode: '' | 'auto' | 'always' | 'never';
  topK: string;
  minScore: string;
}

const KEY = 'autoskill.studio.preferences';
const DEFAULTS: Preferences = {
  theme: 'system',
  scope: '',
  rewriteMode: '',
  extractMode: '',
  topK: '',
  minScore: '',
};

/** The chat request headers of the turn settings that differ from the server's. */
export function turnHeaders(preferences: Preferences): Record<string, string> {
  const headers: Record<string, string> = {};
  if (preferences.scope) headers['x-autoskill-scope'] = preferences.scope;
  if (preferences.rewriteMode) headers['x-autoskill-rewrite-mode'] = preferences.rewriteMode;
  if (preferences.extractMode) headers['x-autoskill-extract-mode'] = preferences.extractMode;
  if (preferences.topK !== '') headers['x-autoskill-top-k'] = preferences.topK;
  if (preferences.minScore !== '') headers['x-autoskill-min-score'] = preferences.minScore;
  return headers;
}
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
