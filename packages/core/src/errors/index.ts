export {
  AutoSkillError,
  type AutoSkillErrorCode,
  type AutoSkillErrorOptions,
} from './autoskill-error';
export {
  AbortedError,
  ConflictError,
  IndexCorruptError,
  InvalidArgumentError,
  LockTimeoutError,
  NoSuchModelError,
  ProviderCallError,
  quoteForError,
  ReadOnlyError,
  SkillNotFoundError,
  SkillParseError,
  SkillValidationError,
  UnsafePathError,
  UnsupportedError,
  VectorDimensionMismatchError,
} from './errors';
