import type { Hono } from 'hono';
import { errorReply, webResponse } from '../edge/body-reply';
import { ProxyHttpError } from '../edge/proxy-http-error';
import type { ProxyEnv } from '../server/proxy-dependencies';
import { StudioFiles } from './studio-files';
import { contentTypeOf, studioHeaders } from './studio-headers';

/** Where the built studio is (the CLI passes `@autoskill/web`'s folder). */
export interface StudioOptions {
  /** Folder with the built studio (`index.html`, `assets/`). */
  directory: string;
  /** Shown on the page served while the folder holds no build. */
  buildHint?: string;
}

/** Paths the studio never answers: the API keeps its JSON 404s. */
const API_PREFIXES = ['/v1/', '/v1', '/health', '/openapi.json'];

const NOT_BUILT = (hint: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AutoSkill Studio</title></head><body><h1>AutoSkill Studio is not built</h1><p>${hint
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')}</p></body></html>`;

/**
 * Serves the built studio at `/`: files from the folder (hashed `assets/` cached for a year,
 * `index.html` revalidated), every other GET that is not an API path gets `index.html` (the
 * page routes itself), all with the studio's CSP. Registered after the route table.
 */
export function registerStudio(app: Hono<ProxyEnv>, options: StudioOptions): void {
  const files = new StudioFiles(options.directory);
  const hint =
    options.buildHint ?? 'Build it with `pnpm --filter @autoskill/web build`, then reload.';
  app.get('*', async (context) => {
    const path = context.req.path;
    if (
      API_PREFIXES.some(
        (prefix) =>
          path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
      )
    )
      return webResponse(
        errorReply(new ProxyHttpError(404, `Unknown route: GET ${path}`, 'not_found')),
      );
    const asset = path === '/' ? undefined : await files.read(path);
    if (asset)
      return new Response(new Uint8Array(asset.body), {
        headers: studioHeaders(
          contentTypeOf(asset.path),
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
      });
    // A missing file with an extension is a 404, not the page (a broken asset link must show).
    if (/\.[A-Za-z0-9]+$/.test(path) && path !== '/index.html')
      return new Response('Not found', {
        status: 404,
        headers: studioHeaders('text/plain; charset=utf-8', 'no-store'),
      });
    const page = await files.read('index.html');
    if (!page)
      return new Response(NOT_BUILT(hint), {
        status: 503,
        headers: studioHeaders('text/html; charset=utf-8', 'no-store'),
      });
    return new Response(new Uint8Array(page.body), {
      headers: studioHeaders('text/html; charset=utf-8', 'no-cache'),
    });
  });
}
