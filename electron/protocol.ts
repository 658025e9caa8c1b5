import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { RENDERER_CSP } from '../station/host/server';
import { BASEMAP_PATH, type StationBasemaps } from '../station/basemap/sources';

import { APP_HOST, APP_SCHEME } from './origin';

export { APP_HOST, APP_ORIGIN, APP_SCHEME } from './origin';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready. */
export function registerAppScheme() {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serve the built renderer, and the station's offline MBTiles packages under /basemap/; anything outside
 * the renderer's folder or on another host is refused. `csp` names the XYZ tile origin when one is set.
 */
export function serveRenderer(
  rendererDir: string,
  basemaps?: Pick<StationBasemaps, 'respond'>,
  csp: string = RENDERER_CSP,
) {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    if (basemaps && url.pathname.startsWith(BASEMAP_PATH)) {
      const tile = basemaps.respond(decodeURIComponent(url.pathname.slice(BASEMAP_PATH.length)));
      return new Response(tile.body ? new Uint8Array(tile.body) : null, {
        status: tile.status,
        headers: { ...tile.headers, 'x-content-type-options': 'nosniff' },
      });
    }
    const path = normalize(
      join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
    );
    if (!path.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          'content-type': types[extname(path)] ?? 'application/octet-stream',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
