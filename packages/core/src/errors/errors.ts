import { AutoSkillError } from './autoskill-error';

/** Shortens user input quoted in an error message. */
export function quoteForError(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(/\0/g, '\\0');
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

/** A caller passed a value that is not allowed (bad option, wrong type, out of range). */
export class InvalidArgumentError extends AutoSkillError {
  readonly argument: string;
  constructor(
    argument: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super('INVALID_ARGUMENT', {
      message: `Invalid ${argument}: ${message}`,
      ...options,
      details: { argument, ...options.details },
    });
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }
}

/** A SKILL.md file could not be read: what failed, what was expected, and where. */
export class SkillParseError extends AutoSkillError {
  readonly path: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, options: { path?: string; line?: number; cause?: unknown } = {}) {
    const where = options.path ? ` (${options.path}${options.line ? `:${options.line}` : ''})` : '';
    super('SKILL_PARSE_ERROR', {
      message: `${message}${where}`,
      cause: options.cause,
      details: {
        ...(options.path ? { path: options.path } : {}),
        ...(options.line ? { line: options.line } : {}),
      },
    });
    this.name = 'SkillParseError';
    this.path = options.path;
    this.line = options.line;
  }
}

/** A skill breaks a rule of the model or of the Agent Skills spec. */
export class SkillValidationError extends AutoSkillError {
  readonly issues: string[];
  constructor(issues: string[], options: { path?: string } = {}) {
    super('SKILL_VALIDATION_ERROR', {
      message: `Invalid skill${options.path ? ` (${options.path})` : ''}: ${issues.join('; ')}`,
      details: { issues, ...(options.path ? { path: options.path } : {}) },
    });
    this.name = 'SkillValidationError';
    this.issues = issues;
  }
}

export class SkillNotFoundError extends AutoSkillError {
  readonly skillId: string;
  constructor(skillId: string, message?: string) {
    super('SKILL_NOT_FOUND', {
      // One wording everywhere (CLI, proxy, chat): the typed error carries it.
      message: message ?? `No skill with id ${quoteForError(skillId)}`,
      details: { skillId },
    });
    this.name = 'SkillNotFoundError';
    this.skillId = skillId;
  }
}

/** A user id, skill name or file path would leave its directory or is not a safe file name. */
export class UnsafePathError extends AutoSkillError {
  constructor(what: string, value: unknown, reason: string) {
    super('UNSAFE_PATH', {
      message: `Unsafe ${what} ${quoteForError(value)}: ${reason}`,
      details: { what, reason },
    });
    this.name = 'UnsafePathError';
  }
}

/** An optimistic-concurrency check failed: someone else changed the skill first. */
export class ConflictError extends AutoSkillError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', { message, details });
    this.name = 'ConflictError';
  }
}

/** A write was attempted on read-only data (library skills). */
export class ReadOnlyError extends AutoSkillError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('READ_ONLY', { message, details });
    this.name = 'ReadOnlyError';
  }
}

export class LockTimeoutError extends AutoSkillError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('LOCK_TIMEOUT', { message, cause: options.cause });
    this.name = 'LockTimeoutError';
  }
}

export class IndexCorruptError extends AutoSkillError {
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super('INDEX_CORRUPT', { message, ...options });
    this.name = 'IndexCorruptError';
  }
}

export class VectorDimensionMismatchError extends AutoSkillError {
  readonly expected: number;
  readonly actual: number;
  constructor(expected: number, actual: number) {
    super('VECTOR_DIMENSION_MISMATCH', {
      message: `Vector has ${actual} dimensions, the index expects ${expected}`,
      details: { expected, actual },
    });
    this.name = 'VectorDimensionMismatchError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** A model vendor call failed. Carries the vendor's status and message, never the API key. */
export class ProviderCallError extends AutoSkillError {
  readonly provider: string;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  readonly responseBody: string | undefined;
  constructor(options: {
    provider: string;
    message: string;
    statusCode?: number;
    isRetryable?: boolean;
    responseBody?: string;
    cause?: unknown;
  }) {
    const status = options.statusCode;
    const retryable =
      options.isRetryable ??
      (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500);
    super('PROVIDER_CALL_ERROR', {
      message: `${options.provider}: ${options.message}`,
      cause: options.cause,
      details: {
        provider: options.provider,
        ...(status === undefined ? {} : { statusCode: status }),
        isRetryable: retryable,
      },
    });
    this.name = 'ProviderCallError';
    this.provider = options.provider;
    this.statusCode = status;
    this.isRetryable = retryable;
    this.responseBody = options.responseBody;
  }
}

export class NoSuchModelError extends AutoSkillError {
  constructor(provider: string, modelType: 'languageModel' | 'embeddingModel', modelId?: string) {
    super('NO_SUCH_MODEL', {
      message: `${provider} has no ${modelType}${modelId ? ` ${quoteForError(modelId)}` : ''}`,
      details: { provider, modelType, ...(modelId ? { modelId } : {}) },
    });
    this.name = 'NoSuchModelError';
  }
}

export class UnsupportedError extends AutoSkillError {
  constructor(message: string) {
    super('UNSUPPORTED', { message });
    this.name = 'UnsupportedError';
  }
}

export class AbortedError extends AutoSkillError {
  constructor(message = 'The operation was aborted', options: { cause?: unknown } = {}) {
    super('ABORTED', { message, cause: options.cause });
    this.name = 'AbortedError';
  }
}
