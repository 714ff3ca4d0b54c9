import { createHash } from 'node:crypto';

/**
 * The id of a SKILL.md that has none, derived from its folder (a UUID-shaped hash), so every
 * read and every process agrees on it without writing the file. `normalize-ids` writes it in.
 */
export function derivedSkillId(folder: string): string {
  const hex = createHash('sha256').update(`autoskill-skill-folder:${folder}`).digest('hex');
  // Version 5 / RFC 4122 variant bits, like a name-based UUID.
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
