import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ephemeralAnchorSigner, hubAnchors } from '../../hub/anchors';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { openStationStore, type StationStore } from '../../station/store/index';
import { checkSincePoint } from '../../station/verify/chain';
import { verifyStoreFile } from '../../station/verify/index';
import { anchorSignatureProblem } from '../../station/verify/signature';
import { toInstant } from '../../shared/time';
import { goal, percentile, timeSamples, type Bench, type BenchResult } from './harness';

/*
 * Issue 17, tamper evidence (decision 0015): what the checks cost. A store of EVENTS events with an
 * anchor every ANCHOR_EVERY of them (as acknowledgements bring them); the start check over the whole
 * log (first start after the upgrade), then from the verified point after a shift's worth of new events
 * (every later start); `npm run verify` offline on the whole store; one anchor signed and checked.
 */
const EVENTS = 20_000;
const ANCHOR_EVERY = 50;
const LATER = 500;
const STATION = 'bench-tamper';

function fill(store: StationStore, count: number, sign: (seq: number) => void): void {
  for (let done = 0; done < count; done += 100) {
    const results = store.executeAll(
      Array.from({ length: 100 }, () => registerIncidentCommand()),
      officer,
    );
    if (results.some((r) => !r.ok)) throw new Error('bench commands refused');
    const tail = store.tamper.log.tailOf(STATION)?.seq ?? 0;
    for (let seq = tail - 99; seq <= tail; seq += 1) if (seq % ANCHOR_EVERY === 0) sign(seq);
  }
}

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tamper-'));
  try {
    const path = join(dir, `${STATION}.sqlite`);
    const store = openStationStore({ path, stationId: STATION, jurisdiction: '410102' });
    let live = store;
    const signer = ephemeralAnchorSigner();
    const book = store.tamper.anchors;
    book.pin(signer.publicKey, 'hub', toInstant(Date.now()));
    // The hub's side: its head of this station is the event at `seq` (as after an acknowledgement).
    let headSeq = 0;
    const anchors = hubAnchors(
      {
        stationHead: () => {
          const at = live.tamper.log.eventAt(STATION, headSeq);
          return at ? { stationSeq: headSeq, hash: at.hash } : null;
        },
      },
      signer,
    );
    const sign = (seq: number) => {
      headSeq = seq;
      const a = anchors.anchorOf(STATION);
      if (a) book.add(a, toInstant(Date.now()));
    };
    fill(store, EVENTS, sign);

    const now = () => toInstant(Date.now());
    let t = performance.now();
    const first = checkSincePoint(store.tamper.log, book, STATION, now());
    const firstMs = performance.now() - t;
    if (first.findings.length > 0) throw new Error(`bench store not sound: ${first.findings[0]?.en}`);
    book.setVerifiedPoint(first.next);

    fill(store, LATER, sign);
    t = performance.now();
    const later = checkSincePoint(store.tamper.log, book, STATION, now());
    const laterMs = performance.now() - t;
    if (later.findings.length > 0 || !later.fromPoint)
      throw new Error('incremental check did not run from its point');
    store.close();

    t = performance.now();
    const report = await verifyStoreFile({ path, station: STATION });
    const verifyMs = performance.now() - t;
    if (report.mismatch) throw new Error('bench store failed npm run verify');
    const projectionsMs = report.sections.find((s) => s.check === 'projections')?.ms ?? Number.NaN;

    headSeq = EVENTS;
    const reopened = openStationStore({ path, stationId: STATION, jurisdiction: '410102' });
    live = reopened;
    const signs = timeSamples(2000, () => anchors.anchorOf(STATION));
    const one = anchors.anchorOf(STATION)!;
    const checks = timeSamples(2000, () => {
      if (anchorSignatureProblem(one, signer.publicKey) !== null) throw new Error('anchor does not verify');
    });
    reopened.close();

    const figures: BenchResult['figures'] = {
      events: { value: EVENTS + LATER, unit: 'events' },
      anchors: { value: (EVENTS + LATER) / ANCHOR_EVERY, unit: 'anchors' },
      startCheckWholeLogMs: { value: Number(firstMs.toFixed(1)), unit: 'ms' },
      startCheckFromPointMs: { value: Number(laterMs.toFixed(2)), unit: 'ms' },
      startCheckFromPointEvents: { value: later.events, unit: 'events' },
      verifyOfflineMs: { value: Number(verifyMs.toFixed(0)), unit: 'ms' },
      verifyProjectionRebuildMs: { value: Number(projectionsMs.toFixed(0)), unit: 'ms' },
      anchorSignP50Us: { value: Number((percentile(signs, 50) * 1000).toFixed(1)), unit: 'µs' },
      anchorSignP99Us: { value: Number((percentile(signs, 99) * 1000).toFixed(1)), unit: 'µs' },
      anchorCheckP50Us: { value: Number((percentile(checks, 50) * 1000).toFixed(1)), unit: 'µs' },
      anchorCheckP99Us: { value: Number((percentile(checks, 99) * 1000).toFixed(1)), unit: 'µs' },
    };
    return {
      name: 'tamper-checks',
      description: `Store of ${EVENTS} events (+${LATER} later), an anchor every ${ANCHOR_EVERY}: the start check over the whole log and from the verified point, npm run verify offline (chain, anchors, projections rebuilt in memory), Ed25519 anchor sign (hub, incl. head lookup) and check (station)`,
      figures,
      goals: [goal(figures, 'startCheckFromPointMs', '<=', 100)],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [{ name: 'tamper-checks', run }];
