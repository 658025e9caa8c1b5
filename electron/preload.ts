import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ApiReply, ApiRequest, StationPush } from '../shared/api/contract';

/**
 * The only thing the page gets: `window.dutyroom`, the typed station API. Requests and replies are
 * checked here with the same schemas the station uses; nothing of Node or Electron leaks through.
 * Channel names are repeated from ipc.ts on purpose: a sandboxed preload is bundled on its own.
 */
const REQUEST_CHANNEL = 'dutyroom:request';
const PUSH_CHANNEL = 'dutyroom:push';

contextBridge.exposeInMainWorld('dutyroom', {
  async request(method: unknown, input: unknown): Promise<unknown> {
    const request = ApiRequest.safeParse({ method, input });
    if (!request.success) throw new Error('request outside the station API');
    const reply = ApiReply.safeParse(await ipcRenderer.invoke(REQUEST_CHANNEL, request.data));
    if (!reply.success) throw new Error('reply outside the station API');
    return reply.data;
  },
  subscribe(listener: (push: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const onPush = (_event: IpcRendererEvent, push: unknown) => {
      const parsed = StationPush.safeParse(push);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(PUSH_CHANNEL, onPush);
    return () => ipcRenderer.removeListener(PUSH_CHANNEL, onPush);
  },
});
