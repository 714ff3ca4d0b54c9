import { stripLeadIn } from './classify-clause';
import { deidentifyText } from './deidentify-text';
import { capitalize } from './describe-task';

/** A user clause as a rule bullet: lead-in dropped, de-identified, ending like a sentence. */
export function asRule(clause: string, chinese: boolean): string {
  const text = deidentifyText(stripLeadIn(clause)).replace(/\s+/g, ' ').trim();
  if (chinese || /\p{Script=Han}/u.test(text))
    return /[。！？.!?]$/.test(text) ? text : `${text}。`;
  const sentence = capitalize(text.replace(/[,;:]+$/, ''));
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** "Cite every number" → "cite every number" (acronyms like "SOP" kept). */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Values in order without repeats, comparing letters and digits only, case-insensitively. */
export function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
