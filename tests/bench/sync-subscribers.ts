// Child process for sync-repair.bench.ts: station connections that record when each event reaches
// them and, with checks on, do what a station's sync client does with the hub's help: follow each
// batch's previous visible sequence, and ask for a digest of everything they should hold every
// `checkMs`. Runs apart from the hub so that the two do not share one event loop.
// Protocol (IPC): parent sends Start; child answers 'ready' when all are live, then Done once every
// connection holds `expected` events (or on 'stop').
import { io, type Socket } from 'socket.io-client';
import {
  expectedBefore,
  type ClientToServerEvents,
  type DigestReply,
  type LiveBatch,
  type PullReply,
  type ServerToClientEvents,
} from '../../shared/sync/protocol';

interface Start {
  url: string;
  stations: Array<{ token: string; station: string; jurisdiction: string }>;
  expected: number;
  checks: boolean;
  checkMs: number;
}

export interface Done {
  /** Per connection: when each event (by its station sequence) arrived, ms since the epoch. */
  receipts: number[][];
  /** Batches whose previous sequence did not meet the connection's cursor (none without loss). */
  gaps: number;
  digestsAnswered: number;
}

const now = () => performance.timeOrigin + performance.now();

process.once('message', (start: Start) => {
  const receipts = start.stations.map(() => new Float64Array(start.expected + 1));
  const counts = start.stations.map(() => 0);
  let gaps = 0;
  let digestsAnswered = 0;
  let finished = false;
  const timers: NodeJS.Timeout[] = [];
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  const finish = () => {
    if (finished) return;
    finished = true;
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.disconnect();
    const done: Done = { receipts: receipts.map((r) => Array.from(r)), gaps, digestsAnswered };
    process.send?.(done, undefined, {}, () => process.exit(0));
  };
  let ready = 0;
  start.stations.forEach(({ token, station, jurisdiction }, i) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(start.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    let cursor = 0;
    socket.on('events', (batch: LiveBatch) => {
      const t = now();
      if (start.checks) {
        const expected = expectedBefore(batch.prev, { station, jurisdiction });
        if (expected === null || expected > cursor) gaps += 1;
        cursor = Math.max(cursor, batch.events.at(-1)?.hubSeq ?? cursor);
      }
      for (const e of batch.events) {
        if (e.stationSeq <= start.expected && receipts[i][e.stationSeq] === 0) {
          receipts[i][e.stationSeq] = t;
          counts[i] += 1;
        }
      }
      if (counts.every((c) => c >= start.expected)) finish();
    });
    socket.once('connect', () => {
      void socket.emitWithAck('pull', { since: 0 }).then((r: PullReply) => {
        if (!r.ok) return;
        cursor = r.head;
        ready += 1;
        if (ready === start.stations.length) process.send?.('ready');
        if (start.checks) {
          // Spread the stations' checks over the period, as independent stations would be.
          const first = setTimeout(
            () => {
              const check = () =>
                void socket
                  .emitWithAck('digest', { ranges: [[0, null]] })
                  .then((d: DigestReply) => {
                    if (d.ok) digestsAnswered += 1;
                  })
                  // A connection dropped by a starved machine shows as events not delivered.
                  .catch(() => undefined);
              check();
              timers.push(setInterval(check, start.checkMs));
            },
            (start.checkMs * i) / start.stations.length,
          );
          timers.push(first);
        }
      });
    });
  });
  process.on('message', (m: unknown) => {
    if (m === 'stop') finish();
  });
});
