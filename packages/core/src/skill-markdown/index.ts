export { FULL_DESCRIPTION_KEY, normalizeSkillDocument } from './normalize-skill-document';
export {
  canonicalInstructions,
  type OriginalLayoutBody,
  readOriginalLayoutBody,
} from './original-layout';
export { type ParseSkillMarkdownOptions, parseSkillMarkdown } from './parse-skill-markdown';
export { renderSkillMarkdown } from './render-skill-markdown';
export {
  DEFAULT_SKILL_VERSION,
  MAX_SKILL_EXAMPLES,
  MAX_SKILL_MD_BYTES,
  MAX_SKILL_TAGS,
  MAX_SKILL_TRIGGERS,
} from './skill-markdown-constants';
export { validateSkillDocument } from './validate-skill-document';
