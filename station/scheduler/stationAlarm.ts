import type { Alarm } from '../../shared/api/contract';
import type { LadderAlarm } from './scheduler';

/**
 * A ladder rung in the station API's alarm shape (shared/api/contract.ts), for the windows: the
 * reminder and the T−2 alarm are "due soon" (warning, then urgent with sound), the last rung is
 * "overdue". `title` is the incident's (or headquarters') title as the duty room knows it.
 */
export function toStationAlarm(alarm: LadderAlarm, title: string): Alarm {
  // Built apart and returned whole: the contract is gaining fields (sound) while this is wired.
  const forWindows = {
    id: alarm.id,
    kind: alarm.step === 'overdue' ? ('obligation_overdue' as const) : ('obligation_due_soon' as const),
    severity: alarm.severity,
    raisedAt: alarm.raisedAt,
    incidentId: alarm.incidentId,
    params: {
      title: title.slice(0, 500),
      obligation: alarm.subjectKind,
      obligationKey: alarm.subjectKey.slice(0, 500),
      dueAt: alarm.dueAt,
      step: alarm.step,
      late: String(alarm.late),
      ...(alarm.leader ? { leaderId: alarm.leader.personId } : {}),
      ...(alarm.leader?.name ? { leaderName: alarm.leader.name } : {}),
    },
    sound: alarm.sound,
  };
  return forWindows;
}
