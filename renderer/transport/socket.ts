import { io, type Socket } from 'socket.io-client';
import type { StationTransport } from '../../shared/api/client';

/**
 * Browser mode: the station API over socket.io to the host that served this page. A pairing token,
 * when the station is open to the room's network, comes in the page address (#pair=…) and is kept for
 * the session only.
 */
export function socketTransport(
  location: Location,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): StationTransport {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('pair');
  if (fromHash) storage?.setItem('dutyroom.pair', fromHash);
  const token = fromHash ?? storage?.getItem('dutyroom.pair') ?? undefined;
  const socket: Socket = io({
    path: '/api/socket.io',
    transports: ['websocket'],
    // A wall display says so: the station then takes no command from this socket (issue 17).
    auth: {
      ...(token ? { token } : {}),
      ...(new URLSearchParams(location.search).get('view') === 'wall' ? { screen: 'wall' } : {}),
    },
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
  });
  return {
    request: (method, input) =>
      new Promise((resolve, reject) => {
        if (!socket.connected) {
          reject(new Error('not connected to the station'));
          return;
        }
        socket
          .timeout(15_000)
          .emit('request', { method, input }, (error: Error | null, reply: unknown) =>
            error ? reject(error) : resolve(reply),
          );
      }),
    subscribe(listener) {
      socket.on('push', listener);
      return () => socket.off('push', listener);
    },
    onConnectionChange(listener) {
      const up = () => listener(true);
      const down = () => listener(false);
      socket.on('connect', up);
      socket.on('disconnect', down);
      // The station refuses an unpaired screen in its handshake; say so instead of "reconnecting".
      const refused = (error: Error) => {
        if (error.message === 'NOT_PAIRED') listener(false, 'NOT_PAIRED');
      };
      socket.on('connect_error', refused);
      if (socket.connected) listener(true);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
        socket.off('connect_error', refused);
      };
    },
  };
}
