import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { StationApi } from '../station/api';
import { domainError } from '../shared/errors';
import { APP_ORIGIN } from './protocol';

export const REQUEST_CHANNEL = 'dutyroom:request';
export const PUSH_CHANNEL = 'dutyroom:push';

/** Only the app's own top frame may call the station; anything else is refused and logged. */
export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, windows: ReadonlySet<WebContents>, sender: WebContents): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!windows.has(sender)) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Connect the windows to the station API: requests in (validated by the dispatcher), pushes out. */
export function connectIpc(api: StationApi, log: (message: string) => void) {
  const windows = new Set<WebContents>();
  ipcMain.handle(REQUEST_CHANNEL, async (event, request: unknown) => {
    if (!senderAllowed(event, windows, event.sender)) {
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
