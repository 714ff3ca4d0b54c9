import { redactText } from '../redact-text';

const TITLED_PERSON = /\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?/gu;
const RELATION_PERSON =
  /\b(my|our|the)\s+(boss|manager|colleague|coworker|client|customer|landlord|teacher|professor|supervisor|friend|wife|husband|partner)\s+[A-Z][\p{L}'-]+/gu;
const SIGNED_NAME = /\b(?:my name is|i am|i'm)\s+[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?/gu;
const ORGANISATION =
  /\b(?:[A-Z][\p{L}&'-]+\s+){0,3}[A-Z][\p{L}&'-]+\s+(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|AG|Co)\b\.?/gu;

/**
 * Removes what identifies people and places from text that becomes part of a skill: e-mails,
 * URLs, keys, long numbers (see `redactText`) and detectable names ("Dr. Smith", "my manager
 * Alice", "Acme Corp").
 */
export function deidentifyText(text: string): string {
  return redactText(text)
    .replace(TITLED_PERSON, '<PERSON>')
    .replace(RELATION_PERSON, '$1 $2')
    .replace(SIGNED_NAME, '')
    .replace(ORGANISATION, '<ORGANIZATION>')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
