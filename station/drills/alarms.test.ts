import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { sealEvents, type EventDraft } from '../../shared/events/envelope';
import { AlarmBoard } from '../api/alarms';
import type { Alarm } from '../../shared/api/contract';

/** 演练 (issue 22): a drill's incident from below raises no 新事件 alarm at the station above; a real one does. */
function registeredBelow(drill?: { drillId: string; injectKey: string; organiser: string }) {
  const draft = {
    type: 'incident.registered',
    stream: `incident:${newId()}`,
    payload: {
      facts: {
        title: '液氯槽罐车泄漏',
        category: 'accident',
        subtype: 'hazardous_chemicals',
        level: 'II',
        location: { areaCode: '500110', address: 'G65' },
        occurredAt: '2026-12-07T01:55:00.000Z',
        receivedAt: '2026-12-07T02:00:00.000Z',
        source: 'phone',
        casualties: { dead: 0, injured: 2, missing: 0, trapped: 1 },
        affectedPeople: 0,
        description: '',
      },
      ...(drill ? { drill } : {}),
    },
  } as EventDraft;
  const [event] = sealEvents([draft], {
    station: 'district-500110',
    jurisdiction: '500110',
    actor: { id: 'officer-1', role: 'officer' },
    now: '2026-12-07T02:00:00.000Z',
    lastStationSeq: 0,
    lastHash: null,
    newId: () => newId(),
  });
  return event;
}

describe('alarms and drills', () => {
  it('the province is not alarmed by a drill incident of a district; it is by a real one', () => {
    const recorded: Alarm[] = [];
    const board = new AlarmBoard(
      'province-50',
      () => false,
      (a) => recorded.push(...a),
    );
    board.fromEvents([registeredBelow({ drillId: newId(), injectKey: 'tanker_call', organiser: '5001' })]);
    expect(recorded).toEqual([]);
    board.fromEvents([registeredBelow()]);
    expect(recorded.map((a) => a.kind)).toEqual(['new_incident']);
  });
});
