import { describe, expect, it } from 'vitest';
import { parseJsonFromModelText } from './parse-json-from-model-text';

describe('parseJsonFromModelText', () => {
  it.each([
    ['plain JSON', '{"a": 1}', { a: 1 }],
    [
      'a fenced block in chat',
      'Sure!\n```json\n{"skills": []}\n```\nAnything else?',
      { skills: [] },
    ],
    ['an unlabeled fence', '```\n[1, 2, 3]\n```', [1, 2, 3]],
    ['an unclosed fence', 'Here:\n```json\n{"a": [1, 2]}\n', { a: [1, 2] }],
    ['trailing commas', 'Result: {"tags": ["a", "b",],}', { tags: ['a', 'b'] }],
    ['single quotes', "{'name': 'deploy', 'n': 2}", { name: 'deploy', n: 2 }],
    ['apostrophes inside double-quoted strings', `{"text": "it's fine"}`, { text: "it's fine" }],
    ['smart quotes', '{\u201cname\u201d: \u201cx\u201d}', { name: 'x' }],
    [
      'a reply cut off before its closing brackets',
      'Result: {"skills": [{"name": "a", "prompt": "do it"',
      { skills: [{ name: 'a', prompt: 'do it' }] },
    ],
    [
      'the answer after an inline example',
      'Example: {"a": 1}. Final: {"skills": [{"name": "n", "description": "d"}]}',
      { skills: [{ name: 'n', description: 'd' }] },
    ],
    ['a citation before the array', 'see [1]. Answer: [{"a": 1}, {"a": 2}]', [{ a: 1 }, { a: 2 }]],
    ['braces inside strings', 'x {"code": "if (a) { b[0] }"} y', { code: 'if (a) { b[0] }' }],
  ])('reads %s', (_name, text, expected) => {
    expect(parseJsonFromModelText(text)).toEqual(expected);
  });

  it('throws a typed error when there is no JSON', () => {
    expect(() => parseJsonFromModelText('I cannot help with {that}.')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', name: 'InvalidJsonOutputError' }),
    );
    expect(() => parseJsonFromModelText('   ')).toThrow(/empty reply/);
    expect(() => parseJsonFromModelText('"just a string"')).toThrow(/JSON object or array/);
  });
});
