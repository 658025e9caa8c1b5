import { ipcMain, type WebContents } from 'electron';
import type { ScreenConnection, StationApi } from '../station/api';
import { domainError } from '../shared/errors';
import { senderAllowed } from './sender';

export const REQUEST_CHANNEL = 'dutyroom:request';
export const PUSH_CHANNEL = 'dutyroom:push';

/** Connect the windows to the station API: requests in (validated by the dispatcher), pushes out. */
export function connectIpc(api: StationApi, log: (message: string) => void) {
  const windows = new Set<WebContents>();
  // Each window is a screen with its own session (issue 17): the console signs people in; the wall only shows.
  const screens = new Map<WebContents, ScreenConnection>();
  ipcMain.handle(REQUEST_CHANNEL, async (event, request: unknown) => {
    const screen = screens.get(event.sender);
    if (!screen || !senderAllowed(event.senderFrame, event.sender, windows)) {
      log(`refused IPC from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, errors: [domainError('NOT_PAIRED', undefined, 'sender not allowed')] };
    }
    return screen.dispatch(request);
  });
  const stop = api.subscribe((push) => {
    for (const contents of windows) if (!contents.isDestroyed()) contents.send(PUSH_CHANNEL, push);
  });
  return {
    attach(contents: WebContents, kind: 'console' | 'wall' = 'console') {
      windows.add(contents);
      const screen = api.connect(kind, `window:${contents.id}`);
      screens.set(contents, screen);
      contents.once('destroyed', () => {
        windows.delete(contents);
        screens.delete(contents);
        void screen.dispatch({ method: 'signOut', input: {} });
      });
    },
    close() {
      stop();
      ipcMain.removeHandler(REQUEST_CHANNEL);
    },
  };
}
