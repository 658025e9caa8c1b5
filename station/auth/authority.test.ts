import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation, type TestStation } from '../api/api.testing';
import { seedDemoRoster } from '../roster/demo';
import { demoCredentials, demoPinOf } from './demo';
import { whoIsOnDuty } from '../../shared/roster/duty';
import { draftReportCommand, registerIncidentCommand } from '../store/store.testing';
import { newId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { ScreenConnection } from '../api';
import { THROTTLE } from '../../shared/auth/throttle';
import { authCalls } from '../../shared/api/auth-calls';

/*
 * Issue 17, people at the console: the station decides who acts. Real store, real argon2id, the API's
 * screen connections as the transports make them; requests are hand-made as a crafted client would send.
 */

let station: TestStation | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are read as a crafted client would
type Reply = Result<unknown> & { value?: any; errors?: Array<{ code: string; field?: string }> };
const call = (c: ScreenConnection, method: string, input: unknown = {}) =>
  c.dispatch({ method, input }) as Promise<Reply>;
const codes = (r: Reply) => (r.ok ? [] : r.errors.map((e) => e.code));

/** The demo district with its roster, people and PINs; who leads the running shift, and an officer of it. */
async function demoStation(now = Date.now()) {
  const clockAt = { now };
  station = openTestStation({
    jurisdiction: '500110',
    stationId: 'station-500110',
    operator: undefined,
    clock: () => clockAt.now,
  });
  const { rosterId } = seedDemoRoster(station.store, now);
  const staff = station.store.staff();
  await station.api.auth.provision(demoCredentials(staff));
  const roster = station.store
    .rostersCovering(new Date(now - 86_400_000).toISOString(), new Date(now + 1).toISOString())
    .map((r) => r.roster);
  const duty = whoIsOnDuty(roster, now);
  const person = (id: string) => staff.find((p) => p.id === id)!;
  const leader = person(duty.leader!.personId);
  const officer = person(duty.officers[0].personId);
  const offDutyLeader = staff.find((p) => p.dutyRoles.includes('leader') && p.id !== leader.id)!;
  expect(rosterId).toBeDefined();
  return { store: station.store, api: station.api, leader, officer, offDutyLeader, clockAt };
}

const pin = (p: { phones: string[] }) => demoPinOf(p)!;

/** An incident and a 首报 submitted for 签发, by the officer signed in at `c`. */
async function submittedReport(c: ScreenConnection) {
  const incident = registerIncidentCommand({ title: '建设路厂房火灾' });
  expect((await call(c, 'execute', incident)).ok).toBe(true);
  const draft = draftReportCommand(incident.payload.incidentId);
  expect((await call(c, 'execute', draft)).ok).toBe(true);
  const reportId = draft.payload.reportId;
  expect((await call(c, 'execute', { id: newId(), type: 'report.submit', payload: { reportId } })).ok).toBe(
    true,
  );
  return reportId;
}

describe('sign-in and who acts (issue 17)', () => {
  it('refuses every command without a session, and a wrong PIN, with a clear error', async () => {
    const { api, officer } = await demoStation();
    const c = api.connect('console', 'test-console');
    const before = station!.store.lastPosition();
    const refused = await call(c, 'execute', registerIncidentCommand({ title: '未登录' }));
    expect(codes(refused)).toEqual(['SIGN_IN_REQUIRED']);
    expect((await call(c, 'signIn', { personId: officer.id, secret: '000000' })).ok).toBe(false);
    expect(station!.store.lastPosition()).toBe(before);
    const status = authCalls.authStatus.output.parse((await call(c, 'authStatus')).value);
    expect(status).toMatchObject({ screen: 'console', firstRun: false, session: null });
    expect(status.people.find((p) => p.id === officer.id)).toMatchObject({ canSignIn: true });
  });

  it("stamps the signed-in person; a crafted actor with role leader is ignored and 签发 from an officer's console leaves no row", async () => {
    const { api, officer, store } = await demoStation();
    const c = api.connect('console', 'officer-console');
    const signed = await call(c, 'signIn', { personId: officer.id, secret: pin(officer) });
    expect(signed.ok).toBe(true);
    expect(signed.value.session).toMatchObject({
      person: { id: officer.id },
      role: 'officer',
      locked: false,
    });
    const reportId = await submittedReport(c);
    const drafted = store.streamEvents(`report:${reportId}`);
    expect(drafted.map((e) => e.actor)).toEqual(
      drafted.map(() => ({ id: officer.id, name: officer.name, role: 'officer' })),
    );

    const before = store.lastPosition();
    const forged = await call(c, 'execute', {
      id: newId(),
      type: 'report.approve',
      actor: { id: 'ws-duty-l1', name: '陈建国', role: 'leader' },
      payload: { reportId, verification: { method: 'pin' } },
    });
    expect(forged.ok).toBe(false);
    // approveReport checks the officer's own PIN and then their role: an officer does not sign.
    const viaPin = await call(c, 'approveReport', { reportId, secret: pin(officer) });
    expect(codes(viaPin)).toEqual(['APPROVER_REQUIRED']);
    // Nothing about the report, and nothing in anyone's name but the station's own alarms, since.
    const since = store.eventsSince(before, 1000).map((l) => l.event);
    expect(since.filter((e) => e.stream === `report:${reportId}`)).toEqual([]);
    expect(since.filter((e) => e.actor.role !== 'system')).toEqual([]);
    expect(store.report(reportId)?.status).toBe('awaiting_approval');
  });

  it('the leader on duty signs with their own PIN at that moment; the record says who and how', async () => {
    const { api, officer, leader, offDutyLeader, store } = await demoStation();
    const c = api.connect('console', 'room-console');
    await call(c, 'signIn', { personId: officer.id, secret: pin(officer) });
    const reportId = await submittedReport(c);
    // 换人: the leader signs in on the same console.
    const switched = await call(c, 'signIn', { personId: leader.id, secret: pin(leader) });
    expect(switched.value.session).toMatchObject({ role: 'leader', signingBasis: 'on_duty' });
    expect(codes(await call(c, 'approveReport', { reportId, secret: '999999' }))).toEqual(['SIGN_IN_FAILED']);
    // Without the PIN, through execute: refused.
    expect(
      codes(await call(c, 'execute', { id: newId(), type: 'report.approve', payload: { reportId } })),
    ).toEqual(['CONFIRMATION_REQUIRED']);
    const approved = await call(c, 'approveReport', { reportId, secret: pin(leader) });
    expect(approved.ok).toBe(true);
    const event = store.streamEvents(`report:${reportId}`).find((e) => e.type === 'report.approved')!;
    expect(event.actor).toMatchObject({ id: leader.id, role: 'leader' });
    expect(event.payload).toEqual({ verification: { method: 'pin' } });
    expect(store.report(reportId)).toMatchObject({
      status: 'approved',
      approvedBy: leader.id,
      approvedVia: 'pin',
    });

    // A leader of the directory who is not on duty now is an officer at this station now.
    const other = api.connect('console', 'other-console');
    const off = await call(other, 'signIn', { personId: offDutyLeader.id, secret: pin(offDutyLeader) });
    expect(off.value.session).toMatchObject({ role: 'officer', signingBasis: null });
  });

  it('an officer records a phone approval the leader confirmed on a call-back to their number on file', async () => {
    const { api, officer, leader, store } = await demoStation();
    const c = api.connect('console', 'room-console');
    await call(c, 'signIn', { personId: officer.id, secret: pin(officer) });
    const reportId = await submittedReport(c);
    const wrongNumber = await call(c, 'recordPhoneApproval', {
      reportId,
      leaderId: leader.id,
      calledBack: '13812345678',
      confirmedOnCallBack: true,
    });
    expect(codes(wrongNumber)).toEqual(['INVALID_FIELD']);
    expect(
      codes(
        await call(c, 'recordPhoneApproval', {
          reportId,
          leaderId: officer.id,
          calledBack: officer.phones[0],
          confirmedOnCallBack: true,
        }),
      ),
    ).toEqual(['APPROVER_REQUIRED']);
    const done = await call(c, 'recordPhoneApproval', {
      reportId,
      leaderId: leader.id,
      calledBack: leader.phones[0],
      confirmedOnCallBack: true,
    });
    expect(done.ok).toBe(true);
    const event = store.streamEvents(`report:${reportId}`).find((e) => e.type === 'report.approved')!;
    expect(event.actor).toMatchObject({ id: leader.id, role: 'leader' });
    expect(event.payload.verification).toEqual({
      method: 'phone_callback',
      leader: { id: leader.id, name: leader.name },
      calledBack: leader.phones[0],
      recordedBy: { id: officer.id, name: officer.name },
    });
  });

  it('the leader approves from a paired phone with their PIN; a revoked terminal is refused', async () => {
    const { api, officer, leader, store } = await demoStation();
    const c = api.connect('console', 'room-console');
    await call(c, 'signIn', { personId: leader.id, secret: pin(leader) });
    const pairing = await call(c, 'pairPhone', { personId: leader.id, label: '陈局手机' });
    expect(pairing.ok).toBe(true);
    const paired = authCalls.pairPhone.output.parse(pairing.value);
    await call(c, 'signIn', { personId: officer.id, secret: pin(officer) });
    const reportId = await submittedReport(c);
    const pending = api.phone.pending(paired.token);
    expect(pending.ok && pending.value.reports.map((r) => r.reportId)).toEqual([reportId]);
    expect((await api.phone.approve(paired.token, { reportId, secret: '111111' }, 'phone')).ok).toBe(
      false,
    );
    const approved = await api.phone.approve(paired.token, { reportId, secret: pin(leader) }, 'phone');
    expect(approved.ok).toBe(true);
    expect(store.report(reportId)).toMatchObject({ approvedBy: leader.id, approvedVia: 'phone_terminal' });
    // An officer may not revoke the leader's phone; the leader may.
    expect(codes(await call(c, 'revokePhone', { terminalId: paired.terminalId }))).toEqual([
      'NOT_AUTHORISED',
    ]);
    await call(c, 'signIn', { personId: leader.id, secret: pin(leader) });
    expect((await call(c, 'revokePhone', { terminalId: paired.terminalId })).ok).toBe(true);
    expect(codes(api.phone.pending(paired.token) as Reply)).toEqual(['NOT_AUTHENTICATED']);
  });

  it('a wall display sends no command at all, signed in or not', async () => {
    const { api, leader, store } = await demoStation();
    const wall = api.connect('wall', 'wall');
    const before = store.lastPosition();
    expect(codes(await call(wall, 'signIn', { personId: leader.id, secret: pin(leader) }))).toEqual([
      'VIEW_ONLY',
    ]);
    expect(codes(await call(wall, 'execute', registerIncidentCommand({ title: '大屏伪造' })))).toEqual([
      'VIEW_ONLY',
    ]);
    expect(codes(await call(wall, 'acknowledgeAlarm', { alarmId: 'x' }))).toEqual(['VIEW_ONLY']);
    expect((await call(wall, 'snapshot')).ok).toBe(true);
    expect((await call(wall, 'authStatus')).value).toMatchObject({ screen: 'wall', idleLockMinutes: 0 });
    expect(store.lastPosition()).toBe(before);
  });

  it('throttles after repeated failures, per person and per console, and locks an idle console', async () => {
    const { api, officer, clockAt } = await demoStation();
    const c = api.connect('console', 'c1');
    for (let i = 0; i < THROTTLE.freeFailures; i++)
      expect(codes(await call(c, 'signIn', { personId: officer.id, secret: '000000' }))).toEqual([
        'SIGN_IN_FAILED',
      ]);
    // Now even the right PIN waits, from this console and from another one (the person's count).
    expect(codes(await call(c, 'signIn', { personId: officer.id, secret: pin(officer) }))).toEqual([
      'SIGN_IN_THROTTLED',
    ]);
    const c2 = api.connect('console', 'c2');
    expect(codes(await call(c2, 'signIn', { personId: officer.id, secret: pin(officer) }))).toEqual([
      'SIGN_IN_THROTTLED',
    ]);
    clockAt.now += THROTTLE.firstDelayMs + 1;
    expect((await call(c2, 'signIn', { personId: officer.id, secret: pin(officer) })).ok).toBe(true);
    // Idle past the lock: commands refused until the same person's PIN unlocks it.
    clockAt.now += (api.auth.idleLockMinutes + 1) * 60_000;
    expect(codes(await call(c2, 'execute', registerIncidentCommand({ title: '锁定后' })))).toEqual([
      'SESSION_LOCKED',
    ]);
    expect((await call(c2, 'authStatus')).value.session).toMatchObject({ locked: true });
    expect((await call(c2, 'signIn', { personId: officer.id, secret: pin(officer) })).ok).toBe(true);
    expect((await call(c2, 'execute', registerIncidentCommand({ title: '解锁后' }))).ok).toBe(true);
  });

  it('the first start sets up an administrator, who then signs in', async () => {
    station = openTestStation({ operator: undefined });
    const c = station.api.connect('console', 'first');
    expect((await call(c, 'authStatus')).value).toMatchObject({ firstRun: true, session: null });
    expect(
      codes(await call(c, 'setUpAdministrator', { name: '王主任', secret: '12', dutyRole: 'leader' })),
    ).toEqual(['INVALID_FIELD']);
    const set = await call(c, 'setUpAdministrator', { name: '王主任', secret: '246810', dutyRole: 'leader' });
    expect(set.ok).toBe(true);
    expect(set.value.session).toMatchObject({
      person: { name: '王主任' },
      admin: true,
      role: 'leader',
      signingBasis: 'directory',
    });
    expect(
      codes(await call(c, 'setUpAdministrator', { name: '另一人', secret: '246810', dutyRole: 'leader' })),
    ).toEqual(['ALREADY_EXISTS']);
    // No hash in the log: the directory entry is an event, the PIN is not.
    const log = JSON.stringify(station.store.eventsSince(0, 1000));
    expect(log).toContain('王主任');
    expect(log).not.toContain('$argon2id$');
  });
});
