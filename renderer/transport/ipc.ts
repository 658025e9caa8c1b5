import type { StationTransport } from '../../shared/api/client';

/** What the Electron preload exposes as `window.dutyroom` (electron/preload.ts). */
export interface DutyroomBridge {
  request(method: string, input: unknown): Promise<unknown>;
  subscribe(listener: (push: unknown) => void): () => void;
}

declare global {
  interface Window {
    dutyroom?: DutyroomBridge;
  }
}

/** Desktop mode: the same API over Electron IPC, through the preload's bridge. Always connected. */
export function ipcTransport(bridge: DutyroomBridge): StationTransport {
  return {
    request: (method, input) => bridge.request(method, input),
    subscribe: (listener) => bridge.subscribe(listener),
    onConnectionChange(listener) {
      queueMicrotask(() => listener(true));
      return () => {};
    },
  };
}
