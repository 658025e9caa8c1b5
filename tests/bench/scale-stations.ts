// Child process of the scale harness (tests/bench/scale-harness.ts): a share of a province's simulated
// duty rooms, each a socket.io client of the hub as a station's sync client is, in a process of its own so
// that the stations' CPU is measured apart from the hubs'. Each station is given every hub address,
// pulls from its cursor until live, then takes live batches; it checks that what it receives comes in
// hub order, exactly once. Township stations with teams publish the flood-night feed the parent asks for
// (their own chain: sealed once, re-sent as it was until acknowledged, on whichever node they reach).
//
// IPC: parent → {start: Start}; child → 'ready' once every station is live; parent → {publish: Due[]}
// (drafts to seal and send, any number of times); parent → {drain: n}; child → {drained: n} when nothing
// is left to acknowledge; parent → {expect: {station: last hub sequence}, withinMs}; child → 'caught' when
// every station holds that much (or the time is up); parent → 'report'; child → Report (and exits).
import { io, type Socket } from 'socket.io-client';
import { eventPayloads, type EventType } from '../../shared/events/catalog';
import { sealEvents, type DomainEvent, type EventDraft } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import type {
  ClientToServerEvents,
  LiveBatch,
  PublishReply,
  PullReply,
  ServerToClientEvents,
} from '../../shared/sync/protocol';
import { nodeSha256 } from '../../hub/server';

export interface SimStation {
  id: string;
  jurisdiction: string;
  token: string;
  /** Index of the hub address it tries first (it knows all of them, in turn from there). */
  first: number;
}
export interface Start {
  urls: string[];
  stations: SimStation[];
}
/** Something a station is to publish: its event type, stream and payload. */
export interface Due {
  station: string;
  type: EventType;
  stream: string;
  payload: unknown;
}
/** What one station received: checked against the hub's log by the parent. */
export interface Received {
  station: string;
  /** Events received (pull and live together), and the last hub sequence. */
  count: number;
  last: number;
  /** Events received at or below the last hub sequence held: a duplicate, or out of order. */
  backwards: number;
  /** Sum of hub sequences received, mod 2^32 (compared with the log's). */
  sum: number;
  /** Wall-clock ms: when it was last cut off, and when it was live again after that. */
  lostAt: number;
  liveAgainAt: number;
  /** Each time a live link was lost, flat pairs: when it was lost, when the station was live again (0: not yet). */
  outages: number[];
  /** For each outage, the index of the hub address whose link was lost. */
  outageFrom: number[];
  reconnects: number;
  /** At the report: live on a hub (pulled up to date and taking live batches). */
  liveAtEnd: boolean;
  /** The last reason a link failed or a message was refused ('' when none). */
  trouble: string;
}
export interface Report {
  received: Received[];
  /** Live deliveries as pairs, flat: receipt time (wall-clock ms), latency (ms: receipt − the event's recordedAt). */
  deliveries: number[];
  published: number;
  refused: number;
  /** Publishes and pulls whose answer did not come back within ACK_TIMEOUT_MS (sent again). */
  unanswered: number;
  /** The first refusal's reason, for the report. */
  firstRefusal: string | null;
  cpuMs: number;
  rssBytes: number;
}

type Sim = Socket<ServerToClientEvents, ClientToServerEvents>;

const PULL_LIMIT = 500;
/** How long a publish or pull waits for its answer before it is sent again (the sync client waits 10 s). */
const ACK_TIMEOUT_MS = 30_000;

function run(start: Start) {
  const deliveries: number[] = [];
  let published = 0;
  let refused = 0;
  let unanswered = 0;
  let firstRefusal: string | null = null;
  let ready = 0;
  /** The drain the parent waits on (answered once, with its number), or null. */
  let draining: number | null = null;
  const sims = start.stations.map((st) => {
    const r: Received = {
      station: st.id,
      count: 0,
      last: 0,
      backwards: 0,
      sum: 0,
      lostAt: 0,
      liveAgainAt: 0,
      outages: [],
      outageFrom: [],
      reconnects: 0,
      liveAtEnd: false,
      trouble: '',
    };
    const sim = {
      st,
      r,
      socket: null as Sim | null,
      at: st.first,
      live: false,
      wasLive: false,
      seq: 0,
      hash: null as string | null,
      /** Sealed and not yet acknowledged, in chain order; the head batch is in flight when `sending`. */
      unacked: [] as DomainEvent[],
      drafts: [] as EventDraft[],
      sending: false,
      /** Links lost since it was last live (its backoff). */
      failures: 0,
      /** The last reason a link failed or a message was refused, for the harness's error messages. */
      trouble: '',
    };
    const take = (events: readonly { hubSeq: number | null; recordedAt: string }[], liveBatch: boolean) => {
      const t = Date.now();
      for (const e of events) {
        const seq = e.hubSeq ?? 0;
        if (seq <= r.last) {
          r.backwards += 1;
          continue;
        }
        r.count += 1;
        r.last = seq;
        r.sum = (r.sum + seq) >>> 0;
        if (liveBatch) deliveries.push(t, t - Date.parse(e.recordedAt));
      }
    };
    const send = () => {
      const socket = sim.socket;
      if (sim.sending || !sim.live || !socket) return;
      if (sim.unacked.length === 0 && sim.drafts.length > 0) {
        const drafts = sim.drafts.splice(0, 50);
        const sealed = sealEvents(
          drafts,
          {
            station: st.id,
            jurisdiction: st.jurisdiction,
            actor: { id: `${st.id}-duty`, role: 'officer' },
            now: new Date().toISOString(),
            lastStationSeq: sim.seq,
            lastHash: sim.hash,
            newId,
          },
          nodeSha256,
        );
        sim.seq += sealed.length;
        sim.hash = sealed.at(-1)?.hash ?? sim.hash;
        sim.unacked.push(...sealed);
      }
      const batch = sim.unacked.slice(0, 50);
      if (batch.length === 0) {
        if (draining !== null) maybeDrained();
        return;
      }
      sim.sending = true;
      // As the station's sync client does: an answer not back in ACK_TIMEOUT_MS is given up and the batch
      // sent again (the hub is idempotent on event id); counted, as a finding.
      socket.timeout(ACK_TIMEOUT_MS).emit('publish', batch, (err: Error | null, reply: PublishReply) => {
        if (sim.socket !== socket) return; // answered on a link given up: re-sent on the next
        sim.sending = false;
        if (err) {
          unanswered += 1;
          sim.trouble = 'publish: no answer in time';
          setImmediate(send);
          return;
        }
        if (!reply.ok) sim.trouble = `publish: ${JSON.stringify(reply.errors)}`;
        if (reply.ok) {
          const done = new Set(reply.acks.map((a) => a.id));
          refused += reply.rejected.length;
          firstRefusal ??= reply.rejected[0] ? JSON.stringify(reply.rejected[0].errors) : null;
          const before = sim.unacked.length;
          sim.unacked = sim.unacked.filter((e) => !done.has(e.id));
          published += before - sim.unacked.length;
          if (reply.rejected.length > 0) {
            // Refused by the hub's rules: the harness's feed is wrong; dropped, counted, reported.
            const gone = new Set(reply.rejected.map((x) => x.id));
            sim.unacked = sim.unacked.filter((e) => !gone.has(e.id));
          }
        }
        setImmediate(send);
      });
    };
    const connect = () => {
      const url = start.urls[sim.at % start.urls.length];
      const socket: Sim = io(url, {
        auth: { token: st.token },
        transports: ['websocket'],
        reconnection: false,
        timeout: 20_000,
      });
      sim.socket = socket;
      const pull = () => {
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emit('pull', { since: r.last, limit: PULL_LIMIT }, (err: Error | null, reply: PullReply) => {
            if (sim.socket !== socket) return;
            if (err) {
              unanswered += 1;
              sim.trouble = 'pull: no answer in time';
              pull();
              return;
            }
            if (!reply.ok) {
              sim.trouble = `pull: ${JSON.stringify(reply.errors)}`;
              setTimeout(pull, 200 + Math.random() * 300);
              return;
            }
            take(reply.events, false);
            if (reply.more) {
              pull();
              return;
            }
            sim.live = true;
            sim.failures = 0;
            if (sim.wasLive) {
              r.liveAgainAt = Date.now();
              if (r.outages.length > 0 && r.outages.at(-1) === 0)
                r.outages[r.outages.length - 1] = r.liveAgainAt;
            } else {
              sim.wasLive = true;
              ready += 1;
              if (ready === sims.length) process.send?.('ready');
            }
            send();
          });
      };
      socket.on('connect', pull);
      socket.on('events', (batch: LiveBatch) => {
        // Rooms are joined in the pull that goes live, so a batch never comes before it.
        take(batch.events, true);
      });
      const lost = (why: unknown) => {
        if (sim.socket !== socket) return;
        sim.trouble = `link: ${String(why instanceof Error ? why.message : why)}`;
        socket.removeAllListeners();
        socket.disconnect();
        sim.socket = null;
        if (sim.live) {
          r.outages.push(Date.now(), 0); // a live link lost: an outage begins
          r.outageFrom.push(sim.at % start.urls.length);
        }
        sim.live = false;
        sim.sending = false;
        if (r.lostAt === 0 || r.liveAgainAt >= r.lostAt) r.lostAt = Date.now();
        r.reconnects += 1;
        // The next address, after the station sync client's backoff (station/sync/client.ts: 200 ms
        // doubling to 10 s, jittered, from the last time it was live), which spreads a storm out.
        sim.at += 1;
        sim.failures += 1;
        setTimeout(
          connect,
          Math.min(10_000, 200 * 2 ** Math.min(sim.failures - 1, 16)) * (0.5 + Math.random() / 2),
        );
      };
      socket.on('disconnect', lost);
      socket.on('connect_error', lost);
    };
    return { sim, connect, send, r };
  });
  const byId = new Map(sims.map((s) => [s.sim.st.id, s]));
  const maybeDrained = () => {
    if (draining === null) return;
    if (sims.every((s) => s.sim.unacked.length === 0 && s.sim.drafts.length === 0 && !s.sim.sending)) {
      process.send?.({ drained: draining });
      draining = null;
    }
  };
  // Connections opened a few at a time, as stations coming on duty would, not all in one tick.
  let next = 0;
  const opener = setInterval(() => {
    for (let i = 0; i < 20 && next < sims.length; i += 1) sims[next++].connect();
    if (next >= sims.length) clearInterval(opener);
  }, 10);

  /** Held when every station's last hub sequence reaches what the parent read from the log. */
  const caught = (expect: Record<string, number>, until: number) => {
    if (Date.now() > until || sims.every((s) => s.r.last >= (expect[s.r.station] ?? 0)))
      process.send?.('caught');
    else setTimeout(() => caught(expect, until), 100);
  };
  process.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'expect' in m) {
      const { expect, withinMs } = m as { expect: Record<string, number>; withinMs: number };
      caught(expect, Date.now() + withinMs);
      return;
    }
    if (m === 'status') {
      const stuck = sims.filter(
        (s) => !s.sim.live || s.sim.unacked.length > 0 || s.sim.drafts.length > 0 || s.sim.sending,
      );
      process.send?.({
        status: stuck.slice(0, 10).map((s) => ({
          station: s.sim.st.id,
          live: s.sim.live,
          connected: s.sim.socket?.connected ?? false,
          sending: s.sim.sending,
          unacked: s.sim.unacked.length,
          drafts: s.sim.drafts.length,
          trouble: s.sim.trouble,
        })),
        stuck: stuck.length,
      });
      return;
    }
    if (m && typeof m === 'object' && 'drain' in m) {
      draining = (m as { drain: number }).drain;
      maybeDrained();
      for (const s of sims) s.send();
      return;
    }
    if (m === 'report') {
      const usage = process.cpuUsage();
      for (const s of sims) {
        s.r.liveAtEnd = s.sim.live;
        s.r.trouble = s.sim.trouble;
      }
      const report: Report = {
        received: sims.map((s) => s.r),
        deliveries,
        published,
        refused,
        unanswered,
        firstRefusal,
        cpuMs: (usage.user + usage.system) / 1000,
        rssBytes: process.memoryUsage().rss,
      };
      for (const s of sims) {
        s.sim.socket?.removeAllListeners();
        s.sim.socket?.disconnect();
      }
      process.send?.(report, undefined, {}, () => process.exit(0));
      return;
    }
    if (m && typeof m === 'object' && 'publish' in m) {
      for (const d of (m as { publish: Due[] }).publish) {
        const s = byId.get(d.station);
        if (!s) continue;
        s.sim.drafts.push({
          type: d.type,
          stream: d.stream,
          payload: eventPayloads[d.type].parse(d.payload),
        } as EventDraft);
        s.send();
      }
    }
  });
}

process.once('message', (m: unknown) => {
  if (m && typeof m === 'object' && 'start' in m) run((m as { start: Start }).start);
});
