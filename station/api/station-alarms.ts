import type { Actor } from '../../shared/domain/common';
import type { Alarm, StationPush } from '../../shared/api/contract';
import { newId } from '../../shared/ids';
import { AlarmBoard } from './alarms';
import type { AlarmChange } from './context';
import type { ApiStore, DeadlineAlarm, DeadlineAlarms } from './ports';

/*
 * The station API core's alarms (station/api/index.ts): the board that raises the station's own alarms on
 * record and pushes them, and the scheduler's deadline ladder as the windows see it. Features hand the
 * board what their own checks found (StationApiContext.alarms / emitAlarms).
 */

/** The station's own condition checks raise their alarms as this actor. */
const STATION_ALARMS: Actor = { id: 'station-alarms', name: '值守台告警', role: 'system' };

const titleOf = (store: Pick<ApiStore, 'incident'>, incidentId: string) =>
  store.incident(incidentId)?.facts.title ?? '';

/** The alarm board over the store: each alarm it raises is recorded (alarm.raised) before it is shown. */
export function stationAlarmBoard(deps: {
  store: Pick<ApiStore, 'streamEvents' | 'executeAll' | 'report' | 'incident'>;
  station: { stationId: string; jurisdiction: string };
  clock: () => number;
  emit: (push: StationPush) => void;
  onBug: (error: unknown) => void;
}): { board: AlarmBoard; emitAlarms: (change: AlarmChange) => void } {
  const { store, clock, emit, onBug } = deps;
  const isAcknowledged = (alarmId: string) =>
    store.streamEvents(`alarm:${alarmId}`).some((e) => e.type === 'alarm.acknowledged');
  const recordAlarms = (raised: Alarm[]) => {
    let results: ReturnType<typeof store.executeAll>;
    // A store that cannot write (still checking, damaged) must not stop the alarm from showing.
    try {
      results = store.executeAll(
        raised.map(({ id, kind, severity, incidentId, params, sound, raisedAt }) => ({
          id: newId(clock()),
          type: 'alarm.raise',
          payload: {
            alarmId: id,
            raisedAt,
            alarm: { kind, severity, ...(incidentId ? { incidentId } : {}), params, sound },
          },
        })),
        STATION_ALARMS,
      );
    } catch (error) {
      onBug(error);
      return;
    }
    for (const r of results) if (!r.ok) onBug(new Error(`alarm not recorded: ${JSON.stringify(r.errors)}`));
  };
  const board = new AlarmBoard(deps.station.stationId, isAcknowledged, recordAlarms, {
    jurisdiction: deps.station.jurisdiction,
    describe: (reportId) => {
      const report = store.report(reportId);
      if (!report) return undefined;
      return {
        incidentId: report.incidentId,
        title: titleOf(store, report.incidentId),
        kind: report.kind,
        ...(report.sequence !== undefined ? { sequence: report.sequence } : {}),
        from: report.jurisdiction,
      };
    },
  });
  return {
    board,
    emitAlarms: ({ raised, cleared }) => {
      for (const alarm of raised) emit({ kind: 'alarm_raised', alarm });
      for (const alarmId of cleared) emit({ kind: 'alarm_cleared', alarmId });
    },
  };
}

/** Report deadlines and headquarters items: the scheduler's ladder, each rung on record, as alarms. */
export function deadlineLadder(deps: {
  deadlines: DeadlineAlarms;
  store: Pick<ApiStore, 'incident'>;
  /** What the features name in an alarm of theirs (a headquarters member or task). */
  params: (alarm: DeadlineAlarm) => Record<string, string>;
  emit: (push: StationPush) => void;
}): { has(alarmId: string): boolean; list(): Alarm[]; close(): void } {
  const { deadlines, emit } = deps;
  const ladder = new Map<string, Alarm>();
  const fromLadder = (a: DeadlineAlarm): Alarm => ({
    id: a.id,
    kind: a.step === 'overdue' ? 'obligation_overdue' : 'obligation_due_soon',
    severity: a.severity,
    raisedAt: a.raisedAt,
    incidentId: a.incidentId,
    sound: a.sound,
    params: {
      title: titleOf(deps.store, a.incidentId),
      obligation: a.subjectKind,
      dueAt: a.dueAt,
      ...(a.leader ? { leader: a.leader.name ?? a.leader.personId } : {}),
      ...deps.params(a),
    },
  });
  for (const a of deadlines.activeAlarms()) ladder.set(a.id, fromLadder(a));
  const stops = [
    deadlines.onAlarm((a) => {
      const alarm = fromLadder(a);
      ladder.set(alarm.id, alarm);
      emit({ kind: 'alarm_raised', alarm });
    }),
    deadlines.onCleared((alarmId) => {
      if (ladder.delete(alarmId)) emit({ kind: 'alarm_cleared', alarmId });
    }),
  ];
  return {
    has: (alarmId) => ladder.has(alarmId),
    list: () => [...ladder.values()],
    close: () => {
      for (const stop of stops) stop();
    },
  };
}
