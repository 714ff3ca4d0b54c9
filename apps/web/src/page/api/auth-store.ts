// The API key lives in sessionStorage only (this tab, until it closes): never in a URL, a cookie,
// localStorage or a log line.

const KEY = 'autoskill.studio.key';
const listeners = new Set<() => void>();

/** The key this tab signed in with, if any. */
export function currentKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps (or with undefined, forgets) the key for this browser session. */
export function setKey(key: string | undefined): void {
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the key then lasts only as long as the page
  }
  for (const listener of listeners) listener();
}

/** Calls `listener` when the key changes; returns the unsubscribe. */
export function onKeyChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
