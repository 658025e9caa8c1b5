import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/events/envelope';
import type { IncidentFacts } from '../../shared/domain/incident';
import { defaultRuleProfile, ruleOf } from '../../shared/rules/profile';
import type { Roster } from '../../shared/roster/schemas';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { draftReportCommand, leader, officer, registerIncidentCommand } from '../store/store.testing';
import { newId } from '../../shared/ids';
import { openStationStore, type StationStore } from '../store';
import { DeadlineScheduler, type LadderAlarm } from './scheduler';
import { leaderOnDuty } from './leader';
import { ManualTime } from './manualTime';
import { toStationAlarm } from './stationAlarm';
import { Alarm } from '../../shared/api/contract';
import { isDeadlineRung } from '../../shared/alarms/events';

const STATION = 'station-500101';
const JURISDICTION = '500101';
const configuredLeader = { personId: 'leader-1', name: '带班领导' };

let dir: string;
let path: string;
let time: ManualTime;
let store: StationStore;
let scheduler: DeadlineScheduler | undefined;
let seen: Array<{ alarm: LadderAlarm; at: number }>;

const openStore = () =>
  openStationStore({ path, stationId: STATION, jurisdiction: JURISDICTION, clock: time.now });

function startScheduler(options: { roster?: () => Roster | undefined; maxSleepMs?: number } = {}) {
  scheduler = new DeadlineScheduler({
    store,
    clock: time,
    timers: time,
    ...(options.maxSleepMs ? { maxSleepMs: options.maxSleepMs } : {}),
    leader: leaderOnDuty({
      configured: configuredLeader,
      ...(options.roster ? { roster: options.roster } : {}),
    }),
  });
  scheduler.onAlarm((alarm) => seen.push({ alarm, at: time.now() }));
  scheduler.start();
  return scheduler;
}

function restart() {
  scheduler?.stop();
  store.close();
  store = openStore();
  return startScheduler();
}

/** Register a 较大 (III) landslide the way the duty officer does; returns its facts and id. */
function registerIncident(): { incidentId: string; facts: IncidentFacts } {
  const command = registerIncidentCommand({ level: 'III' });
  const result = store.execute(command, officer);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { incidentId: command.payload.incidentId, facts: command.payload.facts };
}

/** The phone first-report due time as the rule profile sets it for these facts. */
function phoneDue(facts: IncidentFacts): number {
  const minutes = ruleOf(defaultRuleProfile, facts, 'initialPhone')!.rule.minutes;
  return toMs(facts.receivedAt) + minutes * MINUTE;
}

const raisedEvents = (): DomainEvent[] =>
  store
    .eventsSince(0, 10_000)
    .map((l) => l.event)
    .filter((e) => e.type === 'alarm.raised');

/** The deadline-ladder rung an alarm.raised event records (undefined for any other event). */
const rungOf = (e: DomainEvent) =>
  e.type === 'alarm.raised' && isDeadlineRung(e.payload) ? e.payload : undefined;

const phoneAlarms = () => seen.filter((s) => s.alarm.subjectKey === 'initial.phone');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-scheduler-'));
  path = join(dir, 'station.db');
  // Registered one minute after the call came in.
  time = new ManualTime(Date.parse('2026-11-25T01:53:00.000Z'));
  store = openStore();
  seen = [];
});

afterEach(() => {
  scheduler?.stop();
  scheduler = undefined;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report alarm ladder', () => {
  it('a 较大 incident rings the reminder 10 min before the phone first report is due, the alarm with sound 2 min before, and the overdue alarm to the leader on duty at the due time', () => {
    const { incidentId, facts } = registerIncident();
    startScheduler();
    const due = phoneDue(facts);
    // The default profile gives a 较大 natural disaster 30 minutes for the phone report.
    expect(due - toMs(facts.receivedAt)).toBe(30 * MINUTE);

    time.advanceTo(due + 5 * 1000);

    expect(phoneAlarms().map((s) => [s.alarm.step, toInstant(s.at)])).toEqual([
      ['reminder', toInstant(due - 10 * MINUTE)],
      ['alarm', toInstant(due - 2 * MINUTE)],
      ['overdue', toInstant(due)],
    ]);
    const [reminder, alarm, overdue] = phoneAlarms().map((s) => s.alarm);
    expect(reminder).toMatchObject({
      incidentId,
      severity: 'warning',
      sound: false,
      late: false,
      lateByMs: 0,
    });
    expect(reminder.leader).toBeUndefined();
    expect(alarm).toMatchObject({ severity: 'urgent', sound: true, late: false });
    expect(overdue).toMatchObject({ severity: 'urgent', sound: true, late: false, dueAt: toInstant(due) });
    expect(overdue.leader).toEqual({ ...configuredLeader, from: 'configured' });
    // Each rung is on record once, with the leader it went to.
    const onRecord = raisedEvents().filter((e) => rungOf(e)?.subjectKey === 'initial.phone');
    expect(onRecord.map((e) => [rungOf(e)?.step, e.occurredAt])).toEqual([
      ['reminder', toInstant(due - 10 * MINUTE)],
      ['alarm', toInstant(due - 2 * MINUTE)],
      ['overdue', toInstant(due)],
    ]);
    expect(rungOf(onRecord[2])?.leader?.personId).toBe('leader-1');
    // The windows get it in the station API's alarm shape, valid by its schema.
    const forWindows = Alarm.parse(toStationAlarm(overdue, facts.title));
    expect(forWindows).toMatchObject({ kind: 'obligation_overdue', severity: 'urgent', incidentId });
    expect(forWindows.params).toMatchObject({
      title: facts.title,
      step: 'overdue',
      leaderId: 'leader-1',
    });
    expect(toStationAlarm(reminder, facts.title)).toMatchObject({ sound: false });
    expect(Alarm.parse(toStationAlarm(reminder, facts.title))).toMatchObject({
      kind: 'obligation_due_soon',
      severity: 'warning',
    });
    // Nothing for the written report yet: it is due at 60 minutes.
    expect(seen.filter((s) => s.alarm.subjectKey === 'initial.written')).toEqual([]);
  });

  it('the overdue alarm goes to the leader the roster seats on the running shift', () => {
    const { facts } = registerIncident();
    const due = phoneDue(facts);
    const roster: Roster = {
      id: 'roster-2026-11',
      jurisdiction: JURISDICTION,
      month: '2026-11',
      coversFrom: '2026-11-01T00:00:00.000Z',
      coversUntil: '2026-12-01T00:00:00.000Z',
      keyPeriods: [],
      shifts: [
        {
          id: 'shift-25',
          jurisdiction: JURISDICTION,
          startsAt: '2026-11-25T00:00:00.000Z',
          endsAt: '2026-11-26T00:00:00.000Z',
          positions: [
            { role: 'leader', personId: 'wang-leader' },
            { role: 'officer', personId: 'li-officer' },
          ],
        },
      ],
    };
    startScheduler({ roster: () => roster });
    time.advanceTo(due);
    const overdue = phoneAlarms().find((s) => s.alarm.step === 'overdue')!.alarm;
    expect(overdue.leader).toEqual({ personId: 'wang-leader', from: 'roster' });
  });

  it('after a restart mid-way the rungs that went off do not ring again, and the next rung rings once at its time', () => {
    const { facts } = registerIncident();
    const due = phoneDue(facts);
    startScheduler();
    time.advanceTo(due - 10 * MINUTE + 30 * 1000);
    expect(phoneAlarms().map((s) => s.alarm.step)).toEqual(['reminder']);
    const reminderId = phoneAlarms()[0].alarm.id;

    seen = [];
    restart();
    time.advance(1000);
    expect(seen).toEqual([]);
    // Still on the duty room's list until someone acknowledges it.
    expect(scheduler!.activeAlarms().map((a) => a.id)).toContain(reminderId);

    time.advanceTo(due - 2 * MINUTE);
    expect(phoneAlarms().map((s) => [s.alarm.step, s.alarm.late])).toEqual([['alarm', false]]);
    restart();
    time.advance(1000);
    expect(phoneAlarms().map((s) => s.alarm.step)).toEqual(['alarm']);
    expect(raisedEvents().filter((e) => rungOf(e)?.subjectKey === 'initial.phone')).toHaveLength(2);
  });

  it('rungs missed while the station was down ring once at start, in ladder order, marked late', () => {
    const { facts } = registerIncident();
    const due = phoneDue(facts);
    startScheduler();
    time.advanceTo(due - 15 * MINUTE);
    scheduler!.stop();
    store.close();
    expect(seen).toEqual([]);

    // Down for 20 minutes: reminder, alarm and the due time all pass.
    time.advanceTo(due + 5 * MINUTE);
    store = openStore();
    startScheduler();
    expect(phoneAlarms().map((s) => [s.alarm.step, s.alarm.late, s.alarm.lateByMs])).toEqual([
      ['reminder', true, 15 * MINUTE],
      ['alarm', true, 7 * MINUTE],
      ['overdue', true, 5 * MINUTE],
    ]);
    restart();
    time.advance(5000);
    expect(phoneAlarms()).toHaveLength(3);
  });

  it('a clock jump forward rings the rungs it passed once, and setting the clock back rings nothing again', () => {
    const { facts } = registerIncident();
    const due = phoneDue(facts);
    const jumps: number[] = [];
    startScheduler();
    scheduler!.onClockJump((j) => jumps.push(j.jumpMs));
    time.advanceTo(due - 20 * MINUTE);
    expect(seen).toEqual([]);

    time.setWallClock(due - 5 * MINUTE);
    time.advance(1000);
    expect(jumps).toHaveLength(1);
    expect(jumps[0]).toBeGreaterThanOrEqual(15 * MINUTE - 1000);
    expect(phoneAlarms().map((s) => [s.alarm.step, s.alarm.late])).toEqual([['reminder', true]]);
    // Found within one second of the jump.
    expect(phoneAlarms()[0].alarm.lateByMs).toBeLessThanOrEqual(5 * MINUTE + 1000);

    time.advance(10 * 1000);
    expect(phoneAlarms()).toHaveLength(1);

    time.setWallClock(due - 20 * MINUTE);
    time.advanceTo(due - 2 * MINUTE + 500);
    expect(jumps).toHaveLength(2);
    expect(phoneAlarms().map((s) => s.alarm.step)).toEqual(['reminder', 'alarm']);
    expect(raisedEvents().filter((e) => rungOf(e)?.step === 'reminder')).toHaveLength(1);
  });

  it('one timer is armed for the nearest rung across every open incident', () => {
    registerIncident();
    registerIncident();
    const later = registerIncidentCommand({ level: 'III' });
    store.execute(later, officer);
    const s = startScheduler();
    expect(time.pendingTimers()).toBe(1);
    const next = s.nextAlarm()!;
    expect(next.step).toBe('reminder');
    expect(next.item.key).toBe('initial.phone');
    time.advance(60 * 1000);
    expect(time.pendingTimers()).toBe(1);
  });

  it('acknowledging an alarm records who did it, takes it off the list, and a second acknowledgement records nothing more', () => {
    const { facts } = registerIncident();
    const s = startScheduler();
    const cleared: Array<[string, string]> = [];
    s.onCleared((id, reason) => cleared.push([id, reason]));
    time.advanceTo(phoneDue(facts) - 10 * MINUTE);
    const reminder = phoneAlarms()[0].alarm;

    const ack = s.acknowledge(reminder.id, leader);
    expect(ack.ok).toBe(true);
    const story = store.streamEvents(`alarm:${reminder.id}`);
    expect(story.map((e) => [e.type, e.actor.id])).toEqual([
      ['alarm.raised', 'deadline-scheduler'],
      ['alarm.acknowledged', leader.id],
    ]);
    expect(s.activeAlarms().map((a) => a.id)).not.toContain(reminder.id);
    expect(cleared).toEqual([[reminder.id, 'acknowledged']]);

    const again = s.acknowledge(reminder.id, officer);
    expect(again.ok && again.value.map((e) => e.actor.id)).toEqual([leader.id]);
    expect(store.streamEvents(`alarm:${reminder.id}`)).toHaveLength(2);
  });

  it('acknowledging an unknown alarm or without a valid actor is refused and writes nothing', () => {
    registerIncident();
    const s = startScheduler();
    const before = store.lastPosition();
    const unknown = s.acknowledge('0'.repeat(32), leader);
    expect(!unknown.ok && unknown.errors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', 'alarmId']]);
    const malformed = s.acknowledge('../etc', leader);
    expect(!malformed.ok && malformed.errors[0].code).toBe('INVALID_FIELD');
    const noActor = s.acknowledge('0'.repeat(32), { name: 'nobody' });
    expect(!noActor.ok && noActor.errors[0].field).toBe('actor.id');
    expect(store.lastPosition()).toBe(before);
  });

  it('an incident registered while the scheduler runs is planned at once', () => {
    startScheduler();
    expect(scheduler!.nextAlarm()).toBeUndefined();
    const { facts } = registerIncident();
    expect(scheduler!.nextAlarm()?.at).toBe(phoneDue(facts) - 10 * MINUTE);
    time.advanceTo(phoneDue(facts) - 10 * MINUTE);
    expect(phoneAlarms().map((s) => s.alarm.step)).toEqual(['reminder']);
  });

  it('a phone report sent before the due time stops the ladder and takes its reminder off the list', () => {
    const { incidentId, facts } = registerIncident();
    const due = phoneDue(facts);
    const s = startScheduler();
    const cleared: Array<[string, string]> = [];
    s.onCleared((id, reason) => cleared.push([id, reason]));
    time.advanceTo(due - 5 * MINUTE);
    const reminder = phoneAlarms()[0].alarm;

    const draft = draftReportCommand(incidentId);
    const phone = { ...draft, payload: { ...draft.payload, channel: 'phone' } };
    expect(store.execute(phone, officer).ok).toBe(true);
    const sent = store.execute(
      {
        id: newId(),
        type: 'report.send',
        payload: { reportId: phone.payload.reportId, addressedTo: '5001' },
      },
      officer,
    );
    expect(sent.ok).toBe(true);
    expect(cleared).toEqual([[reminder.id, 'resolved']]);

    time.advanceTo(due + 5 * MINUTE);
    expect(phoneAlarms().map((a) => a.alarm.step)).toEqual(['reminder']);
    expect(s.activeAlarms().filter((a) => a.subjectKey === 'initial.phone')).toEqual([]);
  });

  it('once a daily follow-up falls due the next day’s slot is planned, though no event arrived', () => {
    const { incidentId } = registerIncident();
    expect(
      store.execute({ id: newId(), type: 'incident.start_response', payload: { incidentId } }, officer).ok,
    ).toBe(true);
    const s = startScheduler({ maxSleepMs: 60_000 });
    // The default profile: natural disasters report daily by 09:00 China time while responding.
    const firstSlot = store.obligationsOf(incidentId).filter((o) => o.key.startsWith('follow_up.daily.'));
    expect(firstSlot.map((o) => o.key)).toEqual(['follow_up.daily.2026-11-26T09:00']);

    time.advanceTo(toMs(firstSlot[0].dueAt) + 1000);
    expect(
      seen.filter((a) => a.alarm.subjectKey === 'follow_up.daily.2026-11-26T09:00').map((a) => a.alarm.step),
    ).toEqual(['reminder', 'alarm', 'overdue']);
    expect(s.nextAlarm()?.item.key).toBe('follow_up.daily.2026-11-27T09:00');
    expect(s.nextAlarm()?.at).toBe(Date.parse('2026-11-27T00:50:00.000Z'));
  });

  it('when the disk refuses the write the alarm still reaches the duty room, and it goes on record once the disk accepts again', () => {
    const { facts } = registerIncident();
    let refuse = true;
    const errors: unknown[] = [];
    // Fault injection around the real store: its writes fail as a full or failing disk makes them.
    const full = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    const failingDisk: StationStore = {
      ...store,
      execute: (command, actor) => (refuse ? full() : store.execute(command, actor)),
      executeAll: (commands, actor) => (refuse ? full() : store.executeAll(commands, actor)),
    };
    scheduler = new DeadlineScheduler({
      store: failingDisk,
      clock: time,
      timers: time,
      onError: (e) => errors.push(e),
    });
    scheduler.onAlarm((alarm) => seen.push({ alarm, at: time.now() }));
    scheduler.start();

    time.advanceTo(phoneDue(facts) - 10 * MINUTE + 3000);
    expect(phoneAlarms().map((a) => [a.alarm.step, a.at])).toEqual([
      ['reminder', phoneDue(facts) - 10 * MINUTE],
    ]);
    expect(raisedEvents()).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);

    refuse = false;
    time.advance(1000);
    expect(raisedEvents().map((e) => rungOf(e)?.step)).toEqual(['reminder']);
    time.advance(10_000);
    expect(raisedEvents()).toHaveLength(1);
    expect(phoneAlarms()).toHaveLength(1);
  });

  it('an alarm the log refuses (a leader id outside the allowed alphabet) is reported and does not hold back the ones after it', () => {
    const first = registerIncident();
    // A second call five minutes later: its rungs come after the first one's overdue rung.
    const second = registerIncidentCommand({ level: 'III' });
    const receivedAt = toInstant(toMs(second.payload.facts.receivedAt) + 5 * MINUTE);
    expect(
      store.execute(
        {
          ...second,
          payload: { ...second.payload, facts: { ...second.payload.facts, receivedAt } },
        },
        officer,
      ).ok,
    ).toBe(true);
    const errors: unknown[] = [];
    scheduler = new DeadlineScheduler({
      store,
      clock: time,
      timers: time,
      leader: leaderOnDuty({ configured: { personId: '王 带班' } }),
      onError: (e) => errors.push(e),
    });
    scheduler.onAlarm((alarm) => seen.push({ alarm, at: time.now() }));
    scheduler.start();
    time.advanceTo(phoneDue(first.facts) + 6 * MINUTE);

    const steps = (list: Array<{ alarm: LadderAlarm }>) => list.map((s) => s.alarm.step);
    // Both incidents rang every rung on screen; neither overdue rung could go on record.
    expect(steps(phoneAlarms())).toEqual(['reminder', 'reminder', 'alarm', 'overdue', 'alarm', 'overdue']);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const recorded = raisedEvents().filter((e) => rungOf(e)?.subjectKey === 'initial.phone');
    expect(recorded.map((e) => rungOf(e)?.step)).toEqual(['reminder', 'reminder', 'alarm', 'alarm']);
  });

  it('a laptop asleep through the alarm and the due time rings both within a second of waking, marked late, each once', () => {
    const { facts } = registerIncident();
    const due = phoneDue(facts);
    const s = startScheduler();
    time.advanceTo(due - 5 * MINUTE);
    expect(phoneAlarms().map((a) => a.alarm.step)).toEqual(['reminder']);

    // Asleep: the wall clock runs on, the monotonic clock (and every timer) stands still.
    time.setWallClock(due + 20 * MINUTE);
    const wokeAt = time.now();
    time.advance(1000);
    expect(phoneAlarms().map((a) => [a.alarm.step, a.alarm.late])).toEqual([
      ['reminder', false],
      ['alarm', true],
      ['overdue', true],
    ]);
    expect(phoneAlarms()[2].at - wokeAt).toBeLessThanOrEqual(1000);
    // The host may also say so at once (Electron powerMonitor 'resume'): nothing rings twice.
    s.recheck();
    time.advance(5000);
    expect(phoneAlarms()).toHaveLength(3);
  });
});
