export {
  type ContextSkill,
  DEFAULT_SKILLS_CONTEXT_MAX_CHARS,
  type RenderedSkillsContext,
  type RenderSkillsContextOptions,
  renderSkillsContext,
} from './render-skills-context';
