const marker = Symbol.for('autoskill.error');

/** Stable, documented error codes. Apps map them to HTTP statuses and CLI exit codes. */
export type AutoSkillErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SKILL_PARSE_ERROR'
  | 'SKILL_VALIDATION_ERROR'
  | 'SKILL_NOT_FOUND'
  | 'UNSAFE_PATH'
  | 'CONFLICT'
  | 'READ_ONLY'
  | 'LOCK_TIMEOUT'
  | 'INDEX_CORRUPT'
  | 'VECTOR_DIMENSION_MISMATCH'
  | 'PROVIDER_CALL_ERROR'
  | 'NO_SUCH_MODEL'
  | 'UNSUPPORTED'
  | 'ABORTED';

export interface AutoSkillErrorOptions {
  message: string;
  cause?: unknown;
  /** JSON-safe details for logs and API responses. Never put secrets here. */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error AutoSkill throws on purpose.
 * Use `AutoSkillError.isInstance(value)` rather than `instanceof`: it also works when two
 * copies of `@autoskill/core` are installed.
 */
export class AutoSkillError extends Error {
  readonly [marker] = true;
  readonly code: AutoSkillErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AutoSkillErrorCode, options: AutoSkillErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AutoSkillError';
    this.code = code;
    this.details = options.details;
  }

  static isInstance(value: unknown): value is AutoSkillError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[marker] === true
    );
  }

  /** True when `value` is an AutoSkillError with the given code. */
  static hasCode(value: unknown, code: AutoSkillErrorCode): value is AutoSkillError {
    return AutoSkillError.isInstance(value) && value.code === code;
  }

  toJSON(): {
    name: string;
    code: AutoSkillErrorCode;
    message: string;
    details?: Record<string, unknown>;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}
