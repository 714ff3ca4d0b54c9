import { InvalidArgumentError } from '@autoskill/core';
import { DEFAULT_TIMEOUT_MS, type ProviderSettings } from './provider-settings';
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './read-with-idle-timeout';

/** Checked, defaulted copy of the common settings. */
export interface ResolvedSettings {
  apiKey: string | undefined;
  baseUrl: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  streamIdleTimeoutMs: number;
  maxRetries: number | undefined;
}

/** Validates the settings every provider shares and fills in defaults. */
export function validateSettings(
  provider: string,
  settings: ProviderSettings,
  defaultBaseUrl: string | undefined,
): ResolvedSettings {
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidArgumentError(
      `${provider} settings`,
      'expected an object like { apiKey, baseUrl }',
    );
  }
  const baseUrl = settings.baseUrl ?? defaultBaseUrl;
  if (baseUrl === undefined || baseUrl.trim() === '') {
    throw new InvalidArgumentError(
      'baseUrl',
      `${provider} needs a base URL, e.g. --llm-base-url http://localhost:11434/v1 (there is no default for this provider)`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError(
      'baseUrl',
      `expected an http(s) URL like https://api.example.com/v1, got a malformed value`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError(
      'baseUrl',
      `expected an http(s) URL, got protocol ${parsed.protocol}`,
    );
  }
  if (
    settings.apiKey !== undefined &&
    (typeof settings.apiKey !== 'string' || settings.apiKey.trim() === '')
  ) {
    throw new InvalidArgumentError('apiKey', 'expected a non-empty string');
  }
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidArgumentError(
      'timeoutMs',
      `expected a positive integer (milliseconds), got ${String(timeoutMs)}`,
    );
  }
  const streamIdleTimeoutMs = settings.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  if (!Number.isInteger(streamIdleTimeoutMs) || streamIdleTimeoutMs <= 0) {
    throw new InvalidArgumentError(
      'streamIdleTimeoutMs',
      `expected a positive integer (milliseconds), got ${String(streamIdleTimeoutMs)}`,
    );
  }
  if (
    settings.maxRetries !== undefined &&
    !(Number.isInteger(settings.maxRetries) && settings.maxRetries >= 0)
  ) {
    throw new InvalidArgumentError(
      'maxRetries',
      `expected an integer >= 0, got ${String(settings.maxRetries)}`,
    );
  }
  if (settings.fetch !== undefined && typeof settings.fetch !== 'function') {
    throw new InvalidArgumentError('fetch', 'expected a fetch-compatible function');
  }
  return {
    apiKey: settings.apiKey?.trim(),
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { ...settings.headers },
    fetch: settings.fetch,
    timeoutMs,
    streamIdleTimeoutMs,
    maxRetries: settings.maxRetries,
  };
}
