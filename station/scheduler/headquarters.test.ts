import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor, Person } from '../../shared/domain/common';
import { planFor, type RoleDirectory } from '../../shared/headquarters/plan';
import { previewActivation } from '../../shared/headquarters/preview';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { newId } from '../../shared/ids';
import { MINUTE, toInstant } from '../../shared/time';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { openStationStore, type StationStore } from '../store';
import { leaderOnDuty } from './leader';
import { ManualTime } from './manualTime';
import { DeadlineScheduler, type LadderAlarm } from './scheduler';
import { headquartersSource, reportObligationSource } from './sources';

const person = (id: string, name: string): Person => ({ id, name, phones: ['13800000000'] });
const directory: RoleDirectory = [
  { role: 'government_head', person: person('p-zhang', '张区长') },
  { role: 'em_director', person: person('p-wang', '王局长') },
  { role: 'fire_rescue_chief', person: person('p-qian', '钱大队长') },
];
const flood = planFor(shippedPlans, 'natural_disaster', 'flood');

let dir: string;
let time: ManualTime;
let store: StationStore;
let scheduler: DeadlineScheduler | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-scheduler-hq-'));
  time = new ManualTime(Date.parse('2026-07-09T18:00:00.000Z'));
  store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
    clock: time.now,
  });
});

const mustExecute = (command: unknown, actor: Actor) => {
  const r = store.execute(command, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

afterEach(() => {
  scheduler?.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a headquarters member not checked in rings the same ladder as a report, the overdue rung to the leader on duty; one who arrived in time rings nothing more', () => {
  if (!flood) throw new Error('the shipped flood plan is missing');
  const preview = previewActivation(flood, 'III', directory);
  if (!preview.ok) throw new Error('no preview');
  const limit = preview.value.checkInLimitMinutes;
  const headquartersId = newId(time.now());

  const seen: Array<{ alarm: LadderAlarm; at: number }> = [];
  scheduler = new DeadlineScheduler({
    store,
    clock: time,
    timers: time,
    sources: [reportObligationSource(store), headquartersSource(store, { clock: time.now })],
    leader: leaderOnDuty({ configured: { personId: leader.id } }),
  });
  scheduler.onAlarm((alarm) => seen.push({ alarm, at: time.now() }));
  scheduler.start();

  // The flood the headquarters is for, registered by the officer; the leader on duty activates it.
  const registered = registerIncidentCommand({ title: '綦江河洪水' });
  const incidentId = registered.payload.incidentId;
  const facts = {
    ...registered.payload.facts,
    subtype: 'flood',
    occurredAt: toInstant(time.now() - 20 * MINUTE),
    receivedAt: toInstant(time.now() - 10 * MINUTE),
  };
  mustExecute({ ...registered, payload: { incidentId, facts } }, officer);

  const notifiedAt = time.now();
  mustExecute(
    {
      id: newId(),
      type: 'headquarters.activate',
      payload: {
        headquartersId,
        incidentId,
        planId: flood.id,
        planVersion: flood.version,
        responseLevel: 'III',
        members: preview.value.lines.map((l) => l.member),
      },
    },
    leader,
  );
  for (const personId of ['p-zhang', 'p-wang', 'p-qian'])
    mustExecute(
      {
        id: newId(),
        type: 'headquarters.record_notification',
        payload: { headquartersId, personId, channel: 'sms', outcome: 'sent' },
      },
      leader,
    );
  time.advance((limit - 5) * MINUTE);
  mustExecute(
    { id: newId(), type: 'headquarters.check_in', payload: { headquartersId, personId: 'p-zhang' } },
    officer,
  );
  time.advance(6 * MINUTE);

  const checkIns = (personId: string) =>
    seen.filter((s) => s.alarm.subjectKey === `check_in.${personId}`).map((s) => [s.alarm.step, s.at]);
  expect(checkIns('p-wang')).toEqual([
    ['reminder', notifiedAt + (limit - 10) * MINUTE],
    ['alarm', notifiedAt + (limit - 2) * MINUTE],
    ['overdue', notifiedAt + limit * MINUTE],
  ]);
  expect(checkIns('p-zhang')).toEqual([['reminder', notifiedAt + (limit - 10) * MINUTE]]);
  const overdue = seen.find(
    (s) => s.alarm.subjectKey === 'check_in.p-wang' && s.alarm.step === 'overdue',
  )?.alarm;
  expect(overdue).toMatchObject({
    source: 'headquarters',
    scope: headquartersId,
    subjectKind: 'hq_check_in',
  });
  expect(overdue?.leader).toEqual({ personId: leader.id, from: 'configured' });
});
