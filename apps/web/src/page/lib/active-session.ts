/** The chat session this browser last had open (an id, not a secret): kept in localStorage. */
const KEY = 'autoskill.studio.session';

export function activeSessionId(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setActiveSessionId(id: string | undefined): void {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled
  }
}
