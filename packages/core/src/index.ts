// @autoskill/core: the skill model, the SKILL.md format, the spec interfaces every other
// package implements, typed errors, identity helpers, retrieval primitives and context rendering.
// No Node built-ins here: the web app uses this package too.

export * from './embeddings/index';
export * from './errors/index';
export * from './experience/index';
export * from './helpers/index';
export * from './identity/index';
export * from './in-memory/index';
export * from './render/index';
export * from './retrieval/index';
export * from './skill/index';
export * from './skill-markdown/index';
export * from './spec/index';
export * from './text/index';
