/** The renderer is served from app://dutyroom/, never file://: a real origin the CSP and IPC checks can name. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dutyroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether a URL is one of ours. Compared by scheme and host: Node's URL (the main process) gives a
 * custom scheme the opaque origin "null", so `origin` cannot be compared.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
