import type { WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './origin';

/**
 * Only the app's own top frame, in one of our windows, at our origin, may call the station. A frame
 * inside the page (an injected iframe), another window, or a page that navigated elsewhere is refused.
 */
export function senderAllowed(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  sender: WebContents,
  windows: ReadonlySet<WebContents>,
): boolean {
  if (!frame || frame.parent !== null) return false;
  if (!windows.has(sender)) return false;
  return isAppUrl(frame.url);
}
