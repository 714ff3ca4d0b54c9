// @autoskill/extraction: turns recent messages, event records and a hint into at most one
// skill candidate — with an LLM (gating prompt + strict JSON + repair) or offline rules.
// This list is the public API.
export { createSkillExtractor } from './create-skill-extractor';
export type {
  ExtractionInput,
  ExtractionLogger,
  ExtractionResult,
  SkillExtractor,
  SkillExtractorOptions,
  SkillReference,
} from './extraction-types';
export { EXTRACTION_SYSTEM_PROMPT } from './model/extraction-prompt';
export { TRAJECTORY_EXTRACTION_SYSTEM_PROMPT } from './model/trajectory-prompt';
export { REDACTION_PLACEHOLDERS, redactText, redactValue } from './redact-text';
