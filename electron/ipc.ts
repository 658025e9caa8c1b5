import { ipcMain, type WebContents } from 'electron';
import type { StationApi } from '../station/api';
import { domainError } from '../shared/errors';
import { senderAllowed } from './sender';

export const REQUEST_CHANNEL = 'dutyroom:request';
export const PUSH_CHANNEL = 'dutyroom:push';

/** Connect the windows to the station API: requests in (validated by the dispatcher), pushes out. */
export function connectIpc(api: StationApi, log: (message: string) => void) {
  const windows = new Set<WebContents>();
  ipcMain.handle(REQUEST_CHANNEL, async (event, request: unknown) => {
    if (!senderAllowed(event.senderFrame, event.sender, windows)) {
      log(`refused IPC from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, errors: [domainError('NOT_PAIRED', undefined, 'sender not allowed')] };
    }
    return api.dispatch(request);
  });
  const stop = api.subscribe((push) => {
    for (const contents of windows) if (!contents.isDestroyed()) contents.send(PUSH_CHANNEL, push);
  });
  return {
    attach(contents: WebContents) {
      windows.add(contents);
      contents.once('destroyed', () => windows.delete(contents));
    },
    close() {
      stop();
      ipcMain.removeHandler(REQUEST_CHANNEL);
    },
  };
}
