// Child process for station-process.bench.ts: the station's store in a process of its own, as Electron's
// utilityProcess would hold it. Messages (structured clone, as utilityProcess's MessagePort): {open: path,
// stationId, jurisdiction} → 'opened'; {ingest: events[]} → {ingested}; {verify: true} → {verified};
// {call: 'openIncidents' | 'lastPosition', n} → {reply}; 'close' → exits.
import { openStationStore, type StationStore } from '../../station/store/index';

let store: StationStore | null = null;
process.on('message', (m: Record<string, unknown> | string) => {
  if (m === 'close') {
    store?.close();
    process.exit(0);
  }
  if (typeof m !== 'object') return;
  if ('open' in m) {
    store = openStationStore({ path: m.open as string, stationId: m.stationId as string, jurisdiction: m.jurisdiction as string });
    process.send?.('opened');
  } else if ('ingest' in m) {
    const outcome = store!.ingestRemote(m.ingest as unknown[]);
    process.send?.({ ingested: outcome.applied });
  } else if ('verify' in m) {
    process.send?.({ verified: store!.verify().ok });
  } else if ('call' in m) {
    const reply = m.call === 'openIncidents' ? store!.openIncidents().slice(0, m.n as number) : store!.lastPosition();
    process.send?.({ reply });
  }
});
