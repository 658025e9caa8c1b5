import type { StationTransport } from '../../shared/api/client';
import { ipcTransport } from './ipc';
import { socketTransport } from './socket';

/** Chosen once at start-up; nothing else in the renderer knows which it got. */
export function chooseTransport(): StationTransport {
  return window.dutyroom
    ? ipcTransport(window.dutyroom)
    : socketTransport(window.location, window.sessionStorage);
}
