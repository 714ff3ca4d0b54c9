import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchCapabilities, keys } from '../api/queries';
import type { Identity } from '../api/types';
import { Select } from '../components/ui/field';
import { Notice } from '../components/ui/notice';
import { setPreferences, usePreferences } from '../lib/preferences';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[11rem_1fr] items-center gap-2 border-b border-border py-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

/**
 * Settings: the skill scope of chat turns and the theme are this browser's; everything the
 * server fixes (flags of `autoskill web` / `proxy`) is shown read-only.
 */
export function SettingsView({ identity }: { identity: Identity }) {
  const preferences = usePreferences();
  const capabilities = useQuery({ queryKey: keys.capabilities, queryFn: fetchCapabilities });
  const data = capabilities.data;
  return (
    <section
      aria-label="Settings"
      className="mx-auto h-full max-w-3xl space-y-4 overflow-y-auto p-3"
    >
      <h1 className="text-base font-semibold">Settings</h1>
      <div>
        <h2 className="text-sm font-semibold">This browser</h2>
        <dl>
          <Row label="Skill scope in chat">
            <Select
              aria-label="Skill scope in chat"
              value={preferences.scope}
              onChange={(event) =>
                setPreferences({ scope: event.target.value as typeof preferences.scope })
              }
            >
              <option value="">server default ({data?.retrieval?.scope ?? '…'})</option>
              <option value="user">user: my skills</option>
              <option value="common">common: the library</option>
              <option value="all">all</option>
            </Select>
          </Row>
          <Row label="Theme">
            <Select
              aria-label="Theme"
              value={preferences.theme}
              onChange={(event) =>
                setPreferences({ theme: event.target.value as typeof preferences.theme })
              }
            >
              <option value="system">system</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </Select>
          </Row>
        </dl>
      </div>
      <div>
        <h2 className="text-sm font-semibold">Fixed by the server</h2>
        <p className="text-xs text-muted-foreground">
          Change these with the flags of <code>autoskill web</code> (the same as{' '}
          <code>autoskill proxy</code>), e.g. <code>--rewrite-mode never --top-k 3</code>.
        </p>
        {capabilities.isError && <Notice tone="danger">{capabilities.error.message}</Notice>}
        <dl>
          <Row label="User">{identity.user}</Row>
          <Row label="Auth">
            {identity.auth === 'none'
              ? 'no key (local)'
              : identity.auth === 'user_key'
                ? 'per-user key'
                : 'operator key'}
          </Row>
          <Row label="Store">{identity.store ?? 'hidden'}</Row>
          <Row label="Provider / model">
            {data?.llm?.provider ?? '…'} / {data?.llm?.model ?? '(offline)'}
          </Row>
          <Row label="Learning model">{data?.learning?.llm ?? '…'}</Row>
          <Row label="Embeddings">{data?.retrieval?.embeddings ?? '…'}</Row>
          <Row label="Rewrite mode">{data?.retrieval?.rewrite_mode ?? '…'}</Row>
          <Row label="Extract mode">
            {data?.learning?.extract_mode ?? '…'}
            {data?.learning?.extract_mode === 'auto'
              ? ` (every ${data.learning.extract_turn_limit ?? 1} turn(s))`
              : ''}
          </Row>
          <Row label="min_score">{data?.retrieval?.min_score ?? '…'}</Row>
          <Row label="top_k">{data?.retrieval?.top_k ?? '…'}</Row>
        </dl>
      </div>
    </section>
  );
}
