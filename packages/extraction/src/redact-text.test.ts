import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from './redact-text';

describe('redactText', () => {
  it('redacts e-mails, URLs, keys, UUIDs and long numbers', () => {
    expect(
      redactText('Mail ann.lee@example.co.uk or see https://intra.example.com/a?b=1 now'),
    ).toBe('Mail <EMAIL> or see <URL> now');
    expect(
      redactText('key sk-proj-AbCdEf0123456789xyzXYZ and ghp_0123456789abcdefghijABCDEFGHIJ'),
    ).toBe('key <SECRET> and <SECRET>');
    expect(redactText('Authorization: Bearer abcdef0123456789abcdef')).toBe(
      'Authorization: Bearer <SECRET>',
    );
    expect(redactText('id 3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b')).toBe('id <ID>');
    expect(
      redactText('secret 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
    ).toBe('secret <SECRET>');
    expect(redactText('call +1 415-555-0123, account 12345678')).toBe(
      'call <NUMBER>, account <NUMBER>',
    );
    expect(redactText('card 4111 1111 1111 1111.')).toBe('card <NUMBER>.');
  });

  it('keeps ordinary numbers and words (the original destroyed every 4+ digit number)', () => {
    const kept = [
      'In 2026 the budget was $1,250,000 (up 12.5%).',
      'Never exceed 37 °C; use SOP step 3 before step 4.',
      'Released v1.2.3 on 2026-11-25 at 14:30.',
      'Pi is 3.14159265 and the year range is 2024-2025.',
      'Call the function create_skill_maintainer_with_retries_and_backoff.',
      'Keep answers under 200 words, 4000 rpm max.',
    ];
    for (const text of kept) expect(redactText(text)).toBe(text);
  });

  it('redacts every string inside a JSON value', () => {
    expect(redactValue({ a: ['x@y.io', 2], b: { c: 'http://a.b' } })).toEqual({
      a: ['<EMAIL>', 2],
      b: { c: '<URL>' },
    });
  });
});
