/**
 * Limits of an uploaded skill import (zip, multipart or JSON), counted on real bytes and entries,
 * never on sizes an archive declares. The request body itself is capped by the proxy's
 * `maxBodyBytes` (10 MB by default) before any of these apply.
 */
export const UPLOAD_LIMITS = {
  /** Records in a zip's central directory (folders and skipped entries included). */
  maxEntries: 10_000,
  /** Files imported from one upload. */
  maxFiles: 2_000,
  /** Largest file once unpacked: the largest SKILL.md or resource a skill may hold. */
  maxFileBytes: 1_000_000,
  /** All files of one upload once unpacked. */
  maxTotalBytes: 50_000_000,
};
