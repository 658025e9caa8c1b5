import type { StationClient } from '../../shared/api/client';
import type { StationPush } from '../../shared/api/contract';
import type { AppStore } from './store';
import { ledgerPushed } from '../features/ledger/commands';
import {
  alarmCleared,
  alarmRaised,
  changesReceived,
  clockTicked,
  linkChanged,
  onDutyChanged,
  snapshotLoaded,
  stationConnectionChanged,
  stationRefused,
} from './actions';

/**
 * Keep the window's store current: a snapshot on each (re)connection, then the pushes. Pushes that
 * arrive while the snapshot is on its way are held and applied after it (they are upserts, so one
 * already contained in the snapshot does no harm).
 */
export function connectStation(
  client: StationClient,
  store: AppStore,
  clock: () => number = Date.now,
): () => void {
  let ready = false;
  let held: StationPush[] = [];
  let loading = 0;
  // Countdowns follow the station's clock (it rings the alarms), not this screen's: the difference is taken
  // from each snapshot, so a console PC whose clock drifts still shows the station's time left.
  let stationOffsetMs = 0;

  const apply = (push: StationPush) => {
    switch (push.kind) {
      case 'changes':
        store.dispatch(changesReceived(push));
        break;
      case 'alarm_raised':
        store.dispatch(alarmRaised(push.alarm));
        break;
      case 'alarm_cleared':
        store.dispatch(
          alarmCleared({
            alarmId: push.alarmId,
            ...(push.acknowledgedBy ? { acknowledgedBy: push.acknowledgedBy } : {}),
          }),
        );
        break;
      case 'link':
        store.dispatch(linkChanged(push.link));
        break;
      case 'on_duty':
        store.dispatch(onDutyChanged(push.onDuty));
        break;
      case 'ledger':
        void store.dispatch(ledgerPushed(push.job));
        break;
    }
  };

  const load = async () => {
    const attempt = ++loading;
    ready = false;
    const askedAt = clock();
    const snapshot = await client.snapshot({});
    if (attempt !== loading) return;
    if (!snapshot.ok) {
      // The station answered with an error: try again shortly rather than show an empty board as truth.
      setTimeout(() => void load(), 1000);
      return;
    }
    // The station stamped its time after we asked: reckoned from the asking, this screen's clock may run a
    // little ahead of the station's (by the request's trip), never behind by the snapshot's slow way back —
    // a countdown must not show time that has already gone.
    stationOffsetMs = Date.parse(snapshot.value.takenAt) - askedAt;
    store.dispatch(snapshotLoaded(snapshot.value));
    store.dispatch(clockTicked(clock() + stationOffsetMs));
    const pending = held;
    held = [];
    pending.forEach(apply);
    ready = true;
  };

  const stopPushes = client.subscribe((push) => (ready ? apply(push) : held.push(push)));
  const stopConnection = client.onConnectionChange((connected, refusal) => {
    if (refusal) store.dispatch(stationRefused(refusal));
    store.dispatch(stationConnectionChanged(connected));
    if (connected) void load();
    else ready = false;
  });
  const tick = setInterval(() => store.dispatch(clockTicked(clock() + stationOffsetMs)), 1000);

  return () => {
    stopPushes();
    stopConnection();
    clearInterval(tick);
  };
}
