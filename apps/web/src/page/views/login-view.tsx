import { type FormEvent, useState } from 'react';
import { setKey } from '../api/auth-store';
import { Button } from '../components/ui/button';
import { Input } from '../components/ui/field';
import { Notice } from '../components/ui/notice';

/**
 * The key prompt, shown when the server requires a key (and nothing else is shown). The key is
 * kept in sessionStorage for this tab only and sent as `Authorization: Bearer`, never in a URL.
 */
export function LoginView({ rejected }: { rejected: boolean }) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) setKey(value.trim());
  };
  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-4 rounded-lg border border-border bg-card p-6 shadow-sm"
      >
        <h1 className="text-lg font-semibold">AutoSkill Studio</h1>
        <p className="text-sm text-muted-foreground">
          This server needs an API key. It is kept for this browser tab only.
        </p>
        {rejected && <Notice tone="danger">That key was not accepted.</Notice>}
        <label className="block space-y-1 text-sm">
          <span>API key</span>
          <Input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            className="w-full"
            name="api-key"
            autoFocus
          />
        </label>
        <Button type="submit" variant="primary" className="w-full">
          Sign in
        </Button>
      </form>
    </main>
  );
}
