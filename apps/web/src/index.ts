// @autoskill/web: AutoSkill Studio. The package ships the built page (dist/studio) and this small
// Node helper that finds it (and, in a source checkout, builds it). The page itself is in src/page.

export {
  ensureStudioBuilt,
  type StudioBuildOutcome,
  studioNeedsBuild,
} from './node/build-studio';
export {
  canBuildStudio,
  isStudioBuilt,
  PACKAGE_DIRECTORY,
  STUDIO_DIRECTORY,
} from './node/studio-directory';
