import { app, session, type WebContents } from 'electron';
import { RENDERER_CSP } from '../station/host/server';
import { APP_ORIGIN, isAppUrl } from './origin';

/** Permissions the duty room needs: desktop notifications for alarms. Everything else is refused. */
const ALLOWED_PERMISSIONS = new Set(['notifications']);

/**
 * Electron's security checklist, applied to every window and every web contents created later.
 * `tileOrigins`: the XYZ tile server the station is configured with (none by default), the one outside
 * origin the map may fetch from; `csp` is the policy naming it (rendererCsp).
 */
export function lockDown(options: { csp?: string; tileOrigins?: readonly string[] } = {}) {
  const csp = options.csp ?? RENDERER_CSP;
  const tileOrigins = options.tileOrigins ?? [];
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(contents.getURL())),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, origin) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(origin),
  );
  // Nothing outside the app is ever fetched: the map is offline, the station is reached over IPC.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      details.url.startsWith(`${APP_ORIGIN}/`) ||
      details.url.startsWith('devtools://') ||
      details.url.startsWith('data:') ||
      details.url.startsWith('blob:') ||
      tileOrigins.some((origin) => details.url.startsWith(`${origin}/`));
    callback({ cancel: !allowed });
  });
  // The protocol handler sets the CSP too; this covers every response whatever its source.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

export function hardenContents(contents: WebContents) {
  // No navigation away from the app, no new windows, no webviews. The console has no outside links.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
