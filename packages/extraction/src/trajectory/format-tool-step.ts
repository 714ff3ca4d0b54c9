import { deidentifyText } from '../rules/deidentify-text';
import type { ToolStep } from './read-trajectory';

const MAX_VALUE_CHARACTERS = 60;
const MAX_PARAMETERS = 6;

/**
 * One tool step as a workflow line: the tool and the parameters it was called with. Short
 * literal values (flags, modes, enums, short commands) are the ones that matter and are kept;
 * values that identify this run (URLs, e-mails, ids, long numbers) and long or nested values
 * become placeholders named after the parameter (`<URL>`, `<CONTENT>`).
 *
 * @example
 * formatToolStep({ tool: 'deploy', args: { environment: 'staging', wait: true }, ok: true })
 * // '`deploy` (environment="staging", wait=true)'
 */
export function formatToolStep(step: Pick<ToolStep, 'tool' | 'args'>): string {
  const parameters = Object.entries(step.args)
    .slice(0, MAX_PARAMETERS)
    .map(([key, value]) => `${key}=${formatValue(key, value)}`);
  const more = Object.keys(step.args).length > MAX_PARAMETERS ? ', …' : '';
  return parameters.length > 0
    ? `\`${step.tool}\` (${parameters.join(', ')}${more})`
    : `\`${step.tool}\``;
}

/** A parameter value as it should appear in a skill: the literal when it is short and generic, else a placeholder. */
export function formatValue(key: string, value: unknown): string {
  if (typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : placeholder(key);
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, ' ').trim();
    if (!text || text.length > MAX_VALUE_CHARACTERS) return placeholder(key);
    const safe = deidentifyText(text);
    // A value that was (partly) an e-mail, URL, key or id names this run, not the procedure.
    if (safe !== text) return /^<[A-Z]+>$/.test(safe) ? safe : placeholder(key);
    return JSON.stringify(text);
  }
  if (
    Array.isArray(value) &&
    value.length <= 4 &&
    value.every((item) => typeof item === 'string')
  ) {
    const items = value.map((item) => formatValue(key, item));
    if (items.join(', ').length <= MAX_VALUE_CHARACTERS) return `[${items.join(', ')}]`;
  }
  return placeholder(key);
}

function placeholder(key: string): string {
  const name = key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `<${name || 'VALUE'}>`;
}
