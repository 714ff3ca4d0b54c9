import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Activity, BookOpen, LogOut, MessageSquare, Moon, Settings, Sun } from 'lucide-react';
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { currentKey, onKeyChange, setKey } from './api/auth-store';
import { ApiError } from './api/client';
import { fetchWhoami, keys } from './api/queries';
import { Badge } from './components/ui/badge';
import { Button } from './components/ui/button';
import { Notice } from './components/ui/notice';
import { cn } from './lib/cn';
import { applyTheme, setPreferences, usePreferences } from './lib/preferences';
import { navigate, type Route, useRoute } from './lib/router';
import { ActivityView } from './views/activity-view';
import { ChatView } from './views/chat-view';
import { LoginView } from './views/login-view';
import { SettingsView } from './views/settings-view';

// The skills view carries the editor and the diff (CodeMirror): loaded when first opened.
const SkillsView = lazy(() =>
  import('./views/skills-view').then((module) => ({ default: module.SkillsView })),
);

const NAV: Array<{ view: Route['view']; label: string; icon: typeof MessageSquare }> = [
  { view: 'chat', label: 'Chat', icon: MessageSquare },
  { view: 'skills', label: 'Skills', icon: BookOpen },
  { view: 'activity', label: 'Learning', icon: Activity },
  { view: 'settings', label: 'Settings', icon: Settings },
];

/** The studio: asks for a key when the server needs one, then the header and the current view. */
export function App() {
  const route = useRoute();
  const preferences = usePreferences();
  const queryClient = useQueryClient();
  const key = useSyncExternalStore(onKeyChange, currentKey);
  useEffect(() => {
    applyTheme(preferences.theme);
  }, [preferences.theme]);

  const whoami = useQuery({
    queryKey: [...keys.whoami, key ?? ''],
    queryFn: fetchWhoami,
    retry: false,
  });
  const needsKey = whoami.error instanceof ApiError && whoami.error.status === 401;

  if (whoami.isPending)
    return (
      <main className="p-6">
        <Notice>Connecting…</Notice>
      </main>
    );
  if (needsKey) return <LoginView rejected={key !== undefined} />;
  if (whoami.isError || !whoami.data)
    return (
      <main className="p-6">
        <Notice tone="danger">The server did not answer: {String(whoami.error?.message)}</Notice>
      </main>
    );

  const dark = document.documentElement.classList.contains('dark');
  const signOut = () => {
    setKey(undefined);
    queryClient.clear();
  };
  return (
    <div className="flex h-full flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b border-border bg-card px-3 py-2">
        <a
          href="/chat"
          onClick={(event) => {
            event.preventDefault();
            navigate({ view: 'chat' });
          }}
          className="mr-2 font-semibold"
        >
          AutoSkill Studio
        </a>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {NAV.map(({ view, label, icon: Icon }) => (
            <a
              key={view}
              href={`/${view}`}
              aria-current={route.view === view ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(view === 'skills' ? { view: 'skills' } : ({ view } as Route));
              }}
              className={cn(
                'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm',
                route.view === view ? 'bg-accent font-medium' : 'hover:bg-muted',
              )}
            >
              <Icon size={16} aria-hidden="true" />
              {label}
            </a>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <Badge tone="primary" className="max-w-[12rem] truncate">
            <span data-testid="whoami">{whoami.data.user}</span>
          </Badge>
          <Button
            variant="ghost"
            size="sm"
            aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
            onClick={() => setPreferences({ theme: dark ? 'light' : 'dark' })}
          >
            {dark ? <Sun size={16} aria-hidden="true" /> : <Moon size={16} aria-hidden="true" />}
          </Button>
          {whoami.data.auth !== 'none' && (
            <Button variant="ghost" size="sm" onClick={signOut}>
              <LogOut size={16} aria-hidden="true" />
              Sign out
            </Button>
          )}
        </div>
      </header>
      <main className="min-h-0 flex-1">
        {route.view === 'chat' && <ChatView />}
        {route.view === 'skills' && (
          <Suspense fallback={<Notice>Loading…</Notice>}>
            <SkillsView skillId={route.skillId} />
          </Suspense>
        )}
        {route.view === 'activity' && <ActivityView />}
        {route.view === 'settings' && <SettingsView identity={whoami.data} />}
      </main>
    </div>
  );
}
