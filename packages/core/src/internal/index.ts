// Helpers shared by AutoSkill's own packages (extraction, maintenance). Not a public API: it may
// change in any release. Users import from `@autoskill/core`.
export { contentHash } from '../retrieval/content-hash';
export { containment, contentTokens } from '../text/content-tokens';
