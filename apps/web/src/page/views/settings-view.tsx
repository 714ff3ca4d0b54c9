import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchCapabilities, keys } from '../api/queries';
import type { Identity } from '../api/types';
import { Button } from '../components/ui/button';
import { Select } from '../components/ui/field';
import { Notice } from '../components/ui/notice';
import { type Preferences, setPreferences, usePreferences } from '../lib/preferences';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[11rem_1fr] items-center gap-2 border-b border-border py-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

/** A select of one turn setting: "server default (value)" or one of `values`. */
function TurnSetting<K extends 'scope' | 'rewriteMode' | 'extractMode' | 'topK' | 'minScore'>({
  name,
  label,
  values,
  serverValue,
  preferences,
}: {
  name: K;
  label: string;
  values: ReadonlyArray<{ value: Preferences[K]; label: string }>;
  serverValue: unknown;
  preferences: Preferences;
}) {
  return (
    <Row label={label}>
      <Select
        aria-label={label}
        value={preferences[name]}
        onChange={(event) => setPreferences({ [name]: event.target.value } as Partial<Preferences>)}
      >
        <option value="">server default ({String(serverValue ?? '…')})</option>
        {values.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Row>
  );
}

const MODES = [
  { value: 'always', label: 'always' },
  { value: 'auto', label: 'auto' },
  { value: 'never', label: 'never' },
] as const;

/**
 * Settings: the turn settings (scope, rewrite mode, extract mode, top_k, min_score) this browser
 * sends with each chat turn as `X-AutoSkill-*` headers, the theme, and what the server fixes
 * (models, store, auth, the extract interval) read-only.
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
        <h2 className="text-sm font-semibold">Chat turns (this browser)</h2>
        <p className="text-xs text-muted-foreground">
          Sent with each message; the server's flags apply where you keep its default.
        </p>
        <dl>
          <TurnSetting
            name="scope"
            label="Skill scope"
            preferences={preferences}
            serverValue={data?.retrieval?.scope}
            values={[
              { value: 'user', label: 'user: my skills' },
              { value: 'common', label: 'common: the library' },
              { value: 'all', label: 'all' },
            ]}
          />
          <TurnSetting
            name="rewriteMode"
            label="Query rewrite"
            preferences={preferences}
            serverValue={data?.retrieval?.rewrite_mode}
            values={MODES}
          />
          <TurnSetting
            name="extractMode"
            label="Learning (extract mode)"
            preferences={preferences}
            serverValue={data?.learning?.extract_mode}
            values={MODES}
          />
          <TurnSetting
            name="topK"
            label="top_k (skills injected)"
            preferences={preferences}
            serverValue={data?.retrieval?.top_k}
            values={['0', '1', '2', '3', '5', '10'].map((value) => ({ value, label: value }))}
          />
          <TurnSetting
            name="minScore"
            label="min_score"
            preferences={preferences}
            serverValue={data?.retrieval?.min_score}
            values={['0', '0.05', '0.1', '0.2', '0.3', '0.4', '0.5'].map((value) => ({
              value,
              label: value,
            }))}
          />
          <Row label="Theme">
            <Select
              aria-label="Theme"
              value={preferences.theme}
              onChange={(event) =>
                setPreferences({ theme: event.target.value as Preferences['theme'] })
              }
            >
              <option value="system">system</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </Select>
          </Row>
        </dl>
        <Button
          size="sm"
          className="mt-2"
          onClick={() =>
            setPreferences({ scope: '', rewriteMode: '', extractMode: '', topK: '', minScore: '' })
          }
        >
          Use the server's settings
        </Button>
      </div>
      <div>
        <h2 className="text-sm font-semibold">Fixed by the server</h2>
        <p className="text-xs text-muted-foreground">
          Change these with the flags of <code>autoskill web</code> (the same as{' '}
          <code>autoskill proxy</code>), e.g.{' '}
          <code>--llm-provider openai --extract-turn-limit 2</code>.
        </p>
        {capabilities.isError && <Notice tone="danger">{capabilities.error.message}</Notice>}
        <dl>
          <Row label="User">{identity.user}</Row>
          <Row label="Auth">
            {identity.auth === 'none'
              ? 'no key (local)'
              : identity.auth === 'user_key'
                ? 'per-user key'
                : identity.auth === 'identity_header'
                  ? 'signed in through a front end'
                  : 'operator key'}
          </Row>
          <Row label="Store">{identity.store ?? 'hidden'}</Row>
          <Row label="Provider / model">
            {data?.llm?.provider ?? '…'} / {data?.llm?.model ?? '(offline)'}
          </Row>
          <Row label="Learning model">{data?.learning?.llm ?? '…'}</Row>
          <Row label="Embeddings">{data?.retrieval?.embeddings ?? '…'}</Row>
          <Row label="Extract interval">
            every {data?.learning?.extract_turn_limit ?? 1} turn(s) in auto mode
          </Row>
        </dl>
      </div>
    </section>
  );
}
