// Child process for hub.bench.ts: 50 station connections that record when each event reaches them.
// Runs apart from the server so that the hub and the stations do not share one event loop.
// Protocol (IPC): parent sends {url, tokens, pull, expected}; child answers 'ready' when all are live,
// then {receipts} once every connection holds `expected` events (or on {stop}).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveBatch, PullReply, ServerToClientEvents } from '../../shared/sync/protocol';

interface Start {
  url: string;
  tokens: string[];
  /** Hub connections ask for the replay first (which puts them live); bare ones need not. */
  pull: boolean;
  expected: number;
}

const now = () => performance.timeOrigin + performance.now();

process.once('message', (start: Start) => {
  const receipts = start.tokens.map(() => new Float64Array(start.expected + 1));
  const counts = start.tokens.map(() => 0);
  let finished = false;
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  const finish = () => {
    if (finished) return;
    finished = true;
    for (const s of sockets) s.disconnect();
    // Exit only once the (large) result has been handed to the parent.
    process.send?.({ receipts: receipts.map((r) => Array.from(r)), counts }, undefined, {}, () => process.exit(0));
  };
  let ready = 0;
  start.tokens.forEach((token, i) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(start.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    socket.on('events', (batch: LiveBatch) => {
      const t = now();
      for (const e of batch.events) {
        if (e.stationSeq <= start.expected && receipts[i][e.stationSeq] === 0) {
          receipts[i][e.stationSeq] = t;
          counts[i] += 1;
        }
      }
      if (counts.every((c) => c >= start.expected)) finish();
    });
    socket.once('connect', () => {
      const live = () => {
        ready += 1;
        if (ready === start.tokens.length) process.send?.('ready');
      };
      if (!start.pull) live();
      else
        void socket.emitWithAck('pull', { since: 0 }).then((r: PullReply) => {
          if (r.ok) live();
        });
    });
  });
  process.on('message', (m: unknown) => {
    if (m === 'stop') finish();
  });
});
