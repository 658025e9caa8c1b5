import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, LinkState, StationPush } from '../../shared/api/contract';
import { AlarmKind, isDeadlineRung } from '../../shared/alarms/events';
import { sealEvents } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import { HOUR, MINUTE, toInstant } from '../../shared/time';
import type { LateCheckIn } from '../../shared/roster/duty';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { AlarmBoard, alarmIdFor } from './alarms';
import type { LinkSource } from './ports';
import { openTestStation, remoteIncident, type TestStation } from './api.testing';

/*
 * Every alarm the duty room is shown is on record (issue #14): the log holds an `alarm.raised` for it
 * before any window hears of it, and its acknowledgement by the person at the console.
 */

let current: TestStation | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

/** The kind an alarm.raised event records: a ladder rung by its step, any other alarm by its kind. */
function kindsOnRecord(station: TestStation): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const { event } of station.store.eventsSince(0, 100_000)) {
    if (event.type !== 'alarm.raised') continue;
    const p = event.payload;
    kinds.set(
      event.stream.slice('alarm:'.length),
      isDeadlineRung(p) ? (p.step === 'overdue' ? 'obligation_overdue' : 'obligation_due_soon') : p.kind,
    );
  }
  return kinds;
}

const raisedPushes = (pushes: StationPush[]) =>
  pushes.flatMap((p) => (p.kind === 'alarm_raised' ? [p.alarm] : []));

/** A township's report sent up to `addressedTo`, as the hub delivers it. */
function remoteReportSent(addressedTo: string) {
  return sealEvents([{ type: 'report.sent', stream: `report:${newId()}`, payload: { addressedTo } }], {
    station: 'township-500101001',
    jurisdiction: '500101001',
    actor: officer,
    now: new Date().toISOString(),
    lastStationSeq: 1,
    lastHash: null,
    newId: () => newId(),
  }).map((e) => ({ ...e, hubSeq: 2 }));
}

/** A hub link the test cuts by hand. */
function cuttableLink() {
  const listeners = new Set<(s: LinkState) => void>();
  let state: LinkState = {
    status: 'online',
    outboxDepth: 0,
    lastContactAt: null,
    hubUrl: 'https://hub.test',
  };
  const link: LinkSource = {
    current: () => state,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const set = (status: LinkState['status']) => {
    state = { ...state, status };
    for (const l of listeners) l(state);
  };
  return { link, set };
}

describe('every alarm is on record', () => {
  it('the station records each alarm it raises before showing it, and who acknowledged it', async () => {
    let now = Date.parse('2026-12-07T01:00:00.000Z');
    const { link, set } = cuttableLink();
    current = openTestStation({ clock: () => now, link });
    const { store, client, pushes } = current;

    // new_incident: an incident registered by a township below.
    const [remote] = remoteIncident('下级报告：某村山洪');
    expect(store.ingestRemote([remote]).applied).toBe(1);
    // link_lost: the hub goes away.
    set('offline');
    // obligation_due_soon / obligation_overdue: an incident registered here, then its first report falls due.
    const registered = await client.execute(registerIncidentCommand({ title: '本级登记：某镇内涝' }));
    expect(registered.ok).toBe(true);
    now += 3 * HOUR;
    await expect
      .poll(() => [...kindsOnRecord(current!).values()], { timeout: 10_000 })
      .toContain('obligation_overdue');

    const shown = raisedPushes(pushes);
    const recorded = kindsOnRecord(current);
    for (const kind of ['new_incident', 'link_lost', 'obligation_due_soon', 'obligation_overdue'] as const) {
      const seen = shown.filter((a) => a.kind === kind);
      expect(seen.length, `${kind} shown`).toBeGreaterThan(0);
      for (const a of seen) expect(recorded.get(a.id), `${kind} ${a.id} on record`).toBe(kind);
    }

    // Acknowledged at this console: on record under the console's operator, and cleared on every window.
    const linkAlarm = shown.find((a) => a.kind === 'link_lost')!;
    const ack = await client.acknowledgeAlarm({ alarmId: linkAlarm.id });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const story = store.streamEvents(`alarm:${linkAlarm.id}`);
    expect(story.map((e) => [e.type, e.actor.id])).toEqual([
      ['alarm.raised', 'station-alarms'],
      ['alarm.acknowledged', officer.id],
    ]);
    expect(pushes.some((p) => p.kind === 'alarm_cleared' && p.alarmId === linkAlarm.id)).toBe(true);
    // A second acknowledgement records nothing more.
    const again = await client.acknowledgeAlarm({ alarmId: linkAlarm.id });
    expect(again.ok).toBe(true);
    expect(store.streamEvents(`alarm:${linkAlarm.id}`)).toHaveLength(2);
  });

  it('an alarm nobody raised cannot be acknowledged, and a console cannot raise one', async () => {
    current = openTestStation();
    const { client, store } = current;
    const unknown = await client.acknowledgeAlarm({ alarmId: 'not-raised-here' });
    expect(unknown.ok).toBe(false);
    const forged = await current.api.dispatch({
      method: 'execute',
      input: {
        id: newId(),
        type: 'alarm.raise',
        payload: {
          alarmId: 'forged',
          alarm: { kind: 'link_lost', severity: 'urgent', params: {}, sound: true },
        },
      },
    });
    expect(forged.ok).toBe(false);
    expect(store.streamEvents('alarm:forged')).toEqual([]);
  });

  it('each condition the board watches is recorded when raised, once, for every alarm kind', () => {
    const recorded: Alarm[] = [];
    const acknowledged = new Set<string>();
    const board = new AlarmBoard(
      'district-500101',
      (id) => acknowledged.has(id),
      (a) => recorded.push(...a),
      {
        jurisdiction: '500101',
        describe: () => ({ incidentId: newId(), title: '某村滑坡', kind: 'initial', from: '500101001' }),
      },
    );
    const now = Date.parse('2026-12-07T01:00:00.000Z');

    const [remote] = remoteIncident('下级报告：某村滑坡');
    board.fromEvents([remote]);
    // report_received: a township's first report sent up to this district.
    const [sent] = remoteReportSent('500101');
    board.fromEvents([sent]);
    board.fromLink('online', { status: 'offline', outboxDepth: 0, lastContactAt: null, hubUrl: null }, now);
    // A hole the sync client could not repair (issue 18), found while the link is still down.
    const hole = { after: 10, through: 20, missing: 3, since: toInstant(now) };
    board.fromLink(
      'offline',
      { status: 'offline', outboxDepth: 0, lastContactAt: null, hubUrl: null, unrepaired: hole },
      now,
    );
    const late: LateCheckIn = {
      shiftId: 'shift-1',
      positionIndex: 1,
      role: 'officer',
      personId: 'p-1',
      startsAt: toInstant(now - 30 * MINUTE),
      dueBy: toInstant(now - 15 * MINUTE),
      minutesLate: 15,
    };
    board.fromCheckIns([late], now, () => '王五');
    board.fromUncovered([{ shiftId: 'shift-2', at: toInstant(now + HOUR), detail: '值班员' }], now);
    const warningAlarm = (kind: 'warning_unanswered' | 'warning_undelivered'): Alarm => ({
      id: alarmIdFor(kind, 'w-1|r-1'),
      kind,
      severity: 'urgent',
      raisedAt: toInstant(now),
      params: {},
      sound: true,
    });
    board.fromWarnings([warningAlarm('warning_unanswered'), warningAlarm('warning_undelivered')]);
    // chain_mismatch: the tamper check found the log's tail cut off (issue 17).
    const trimmed = { check: 'chain', key: 'shorter|4', zh: '记录尾部被截去', en: 'the tail was cut off' };
    board.fromIntegrity([trimmed], now);
    // restored_from_hub: the store was rebuilt from the hub after its machine was lost (issue 21).
    const restoration = {
      restoredAt: toInstant(now),
      ownSeq: 41,
      ownHash: 'ab',
      lastAckedRecordedAt: toInstant(now - HOUR),
      source: 'https://hub.example:8443',
    };
    board.fromRestorations([restoration]);
    // The same conditions found again are not raised (or recorded) twice.
    board.fromCheckIns([late], now, () => '王五');
    board.fromEvents([remote, sent]);
    board.fromIntegrity([trimmed], now);
    board.fromRestorations([restoration]);

    const boardKinds = AlarmKind.options.filter(
      (k) => k !== 'obligation_due_soon' && k !== 'obligation_overdue',
    );
    expect(recorded.map((a) => a.kind).sort()).toEqual([...boardKinds].sort());
    expect(
      board
        .list()
        .map((a) => a.id)
        .sort(),
    ).toEqual(recorded.map((a) => a.id).sort());
  });
});
