// Child process for hub-saturation.bench.ts: `tokens.length` station connections that note when each
// event reaches them, apart from the server so that hub and stations do not share one event loop.
// Protocol (IPC): parent sends {url, tokens, pull, expected, graceMs}; child answers 'ready' when all are
// live; parent sends {sentDone: true} after its last send, then the child waits until every connection
// holds `expected` events or graceMs has passed, answers 'finished', takes {sent: number[]} (send time by
// station sequence) and answers with the figures.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveBatch, PullReply, ServerToClientEvents } from '../../shared/sync/protocol';

interface Start {
  url: string;
  tokens: string[];
  pull: boolean;
  expected: number;
  graceMs: number;
}

const now = () => performance.timeOrigin + performance.now();

process.once('message', (start: Start) => {
  const receipts = start.tokens.map(() => new Float64Array(start.expected + 1));
  let total = 0;
  const want = start.expected * start.tokens.length;
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  let finished = false;
  let onAll: (() => void) | null = null;
  const finish = () => {
    if (finished) return;
    finished = true;
    for (const s of sockets) s.disconnect();
    process.send?.('finished');
  };
  let ready = 0;
  start.tokens.forEach((token, i) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(start.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.on('events', (batch: LiveBatch) => {
      if (finished) return;
      const t = now();
      const r = receipts[i];
      for (const e of batch.events) {
        if (e.stationSeq <= start.expected && r[e.stationSeq] === 0) {
          r[e.stationSeq] = t;
          total += 1;
        }
      }
      if (total >= want) onAll?.();
    });
    socket.once('connect', () => {
      const live = () => {
        ready += 1;
        if (ready === start.tokens.length) process.send?.('ready');
      };
      if (!start.pull) live();
      else void socket.emitWithAck('pull', { since: 0 }).then((reply: PullReply) => reply.ok && live());
    });
  });
  process.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'sentDone' in m) {
      if (total >= want) finish();
      else {
        onAll = finish;
        setTimeout(finish, start.graceMs);
      }
      return;
    }
    if (m && typeof m === 'object' && 'sent' in m) {
      const sent = (m as { sent: number[] }).sent;
      const latencies: number[] = [];
      let last = 0;
      for (const r of receipts)
        for (let seq = 1; seq <= start.expected; seq += 1) {
          const at = r[seq];
          if (at > 0) {
            latencies.push(at - sent[seq]);
            last = Math.max(last, at);
          }
        }
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
      process.send?.({ deliveries: latencies.length, last, p50: pct(50), p99: pct(99) }, undefined, {}, () => process.exit(0));
    }
  });
});
