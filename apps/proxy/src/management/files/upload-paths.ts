import { ProxyHttpError } from '../../edge/proxy-http-error';

// The one rule for the paths of an upload, zip entries and JSON `files` keys alike
// (docs/decisions/2026-12-01-import-rules.md):
// - a path that could lead out of the upload (`..`, `.`, empty segments, absolute, drive letters,
//   `\`, control characters) or that no file system takes (a name over 255 bytes, a path over
//   1,024 bytes, more than 32 folders) refuses the whole upload: 400 naming the entry;
// - the same file twice, or a file that is also a folder (`x` and `x/SKILL.md`): 400;
// - hidden files and folders and macOS metadata are not part of a skill: skipped, and listed in
//   the answer's `skipped` with the reason.

/** A skipped entry of an upload, as the import answer lists it. */
export interface SkippedUploadEntry {
  path: string;
  reason: string;
}

const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 1024;
const MAX_SEGMENTS = 32;
const encoder = new TextEncoder();

/** The path an upload entry is stored under, or why it is skipped. Throws a 400 for an unsafe one. */
export function placeUploadPath(
  name: string,
  options: { directory?: boolean } = {},
): { path: string } | { skip: string } {
  const refuse = (reason: string): never => {
    throw new ProxyHttpError(
      400,
      `The upload entry ${JSON.stringify(shorten(name))} is refused: ${reason}. Nothing was imported.`,
      'unsafe_path',
      'invalid_request_error',
      'files',
    );
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\0-\x1f\x7f]/.test(name)) refuse('it contains a control character');
  if (name.includes('\\')) refuse('use "/" as the path separator');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) refuse('absolute paths are not allowed');
  const path = name.startsWith('./') ? name.slice(2) : name;
  const segments = path.split('/');
  if (options.directory && segments.at(-1) === '') segments.pop();
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    refuse('empty, "." and ".." path segments are not allowed (the path could leave the upload)');
  if (segments.length > MAX_SEGMENTS) refuse(`it is more than ${MAX_SEGMENTS} folders deep`);
  for (const segment of segments) {
    if (encoder.encode(segment).byteLength > MAX_NAME_BYTES)
      refuse(`a file or folder name is longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (encoder.encode(path).byteLength > MAX_PATH_BYTES)
    refuse(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  if (segments[0] === '__MACOSX') return { skip: 'macOS metadata (not part of a skill)' };
  if (segments.some((segment) => segment.startsWith('.')))
    return { skip: 'hidden file or folder (not part of a skill)' };
  return { path: segments.join('/') };
}

/**
 * Checks the files of an upload together: each path once, and no path both a file and a folder
 * (`x` and `x/SKILL.md`). Throws a 400 naming the entries.
 */
export function assertDistinctPaths(paths: string[]): void {
  const files = new Set<string>();
  for (const path of paths) {
    if (files.has(path))
      throw new ProxyHttpError(
        400,
        `The upload holds ${JSON.stringify(shorten(path))} twice. Nothing was imported.`,
        'duplicate_path',
        'invalid_request_error',
        'files',
      );
    files.add(path);
  }
  for (const path of files) {
    const segments = path.split('/');
    for (let length = 1; length < segments.length; length++) {
      const folder = segments.slice(0, length).join('/');
      if (files.has(folder))
        throw new ProxyHttpError(
          400,
          `The upload has ${JSON.stringify(shorten(folder))} as a file and as the folder of ${JSON.stringify(shorten(path))}. Nothing was imported.`,
          'path_conflict',
          'invalid_request_error',
          'files',
        );
    }
  }
}

/** A path cut for messages (a 10 kB name is not repeated back in full). */
export function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
