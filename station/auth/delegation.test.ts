import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation, type TestStation } from '../api/api.testing';
import { seedDemoRoster } from '../roster/demo';
import { demoCredentials, demoPinOf } from './demo';
import { whoIsOnDuty } from '../../shared/roster/duty';
import { draftReportCommand, registerIncidentCommand } from '../store/store.testing';
import { newId } from '../../shared/ids';
import { toInstant } from '../../shared/time';
import { delegationStream } from '../../shared/auth/delegation';
import type { Result } from '../../shared/result';
import type { ScreenConnection } from '../api';

/*
 * Issue 17, 授权签发: "a leader named by a recorded delegation may sign". The leader on duty or an
 * administrator records a delegation with its window; the station's role check honours it while it is in
 * force, the record names who granted it and on what authority, and nobody else can grant one. Real store,
 * real argon2id, the API's screen connections as the transports make them.
 */

let station: TestStation | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

type Reply = Result<unknown> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are read as a crafted client would
  value?: any;
  errors?: Array<{ code: string; field?: string; detail?: string }>;
};
const call = (c: ScreenConnection, method: string, input: unknown = {}) =>
  c.dispatch({ method, input }) as Promise<Reply>;
const codes = (r: Reply) => (r.ok ? [] : r.errors.map((e) => e.code));
const HOUR = 3_600_000;

/** Noon in China on a day of the demo roster: the shift (24 h from 08:30) runs on for hours, whatever the test does. */
const NOON = Date.parse('2026-03-10T04:00:00Z');

async function demoStation(now = NOON) {
  const clockAt = { now };
  station = openTestStation({
    jurisdiction: '500110',
    stationId: 'station-500110',
    operator: undefined,
    clock: () => clockAt.now,
  });
  seedDemoRoster(station.store, now);
  const staff = station.store.staff();
  await station.api.auth.provision(demoCredentials(staff));
  const roster = station.store
    .rostersCovering(new Date(now - 86_400_000).toISOString(), new Date(now + 1).toISOString())
    .map((r) => r.roster);
  const duty = whoIsOnDuty(roster, now);
  const person = (id: string) => staff.find((p) => p.id === id)!;
  const leader = person(duty.leader!.personId);
  const officer = person(duty.officers[0].personId);
  // A leader of the directory who is not leading this shift: an officer until a delegation names them.
  const deputy = staff.find((p) => p.dutyRoles.includes('leader') && p.id !== leader.id && p.active)!;
  const { store, api } = station;
  const signedIn = async (p: { id: string; phones: string[] }, name = p.id) => {
    const c = api.connect('console', `console-${name}`);
    const r = await call(c, 'signIn', { personId: p.id, secret: demoPinOf(p)! });
    expect(r.ok).toBe(true);
    return c;
  };
  const delegationRows = () => store.streamEvents(delegationStream('station-500110'));
  return { store, api, leader, officer, deputy, clockAt, signedIn, delegationRows };
}

/** An incident and its 首报 submitted for 签发 by whoever is signed in at `c`. */
async function submittedReport(c: ScreenConnection) {
  const incident = registerIncidentCommand({ title: '青年镇山体滑坡' });
  expect((await call(c, 'execute', incident)).ok).toBe(true);
  const draft = draftReportCommand(incident.payload.incidentId);
  expect((await call(c, 'execute', draft)).ok).toBe(true);
  const reportId = draft.payload.reportId;
  const submit = { id: newId(), type: 'report.submit', payload: { reportId } };
  expect((await call(c, 'execute', submit)).ok).toBe(true);
  return reportId;
}

describe('delegations of signing (授权签发, issue 17)', () => {
  it('the leader on duty names a deputy for a window: the deputy signs with their PIN while it runs, on record with its grantor and basis', async () => {
    const { store, leader, officer, deputy, clockAt, signedIn, delegationRows } = await demoStation();
    const officerConsole = await signedIn(officer);
    const reportId = await submittedReport(officerConsole);

    // Before any delegation the deputy is an officer: 签发 is refused after their PIN checks out.
    const deputyConsole = await signedIn(deputy);
    expect((await call(deputyConsole, 'authStatus')).value.session).toMatchObject({
      role: 'officer',
      signingBasis: null,
    });
    const before = await call(deputyConsole, 'approveReport', { reportId, secret: demoPinOf(deputy)! });
    expect(codes(before)).toEqual(['APPROVER_REQUIRED']);

    const leaderConsole = await signedIn(leader);
    const from = toInstant(clockAt.now);
    const until = toInstant(clockAt.now + 2 * HOUR);
    const recorded = await call(leaderConsole, 'recordDelegation', {
      personId: deputy.id,
      from,
      until,
      reason: '带班领导赴现场，授权代为签发',
    });
    expect(recorded.ok).toBe(true);
    const [event] = delegationRows();
    expect(event).toMatchObject({
      type: 'delegation.recorded',
      actor: { id: leader.id, role: 'leader' },
      payload: { personId: deputy.id, from, until, grantedAs: 'leader' },
    });

    // In force: the deputy is a leader by delegation, and signs with their own PIN.
    expect((await call(deputyConsole, 'authStatus')).value.session).toMatchObject({
      role: 'leader',
      signingBasis: 'delegation',
    });
    const signed = await call(deputyConsole, 'approveReport', { reportId, secret: demoPinOf(deputy)! });
    expect(signed.ok).toBe(true);
    const approved = store.streamEvents(`report:${reportId}`).find((e) => e.type === 'report.approved')!;
    expect(approved.actor).toMatchObject({ id: deputy.id, role: 'leader' });
    expect(approved.payload).toMatchObject({ verification: { method: 'pin' } });
    expect(store.report(reportId)).toMatchObject({
      status: 'approved',
      approvedBy: deputy.id,
      approvedVia: 'pin',
    });

    // The station lists it, with who granted it.
    const listed = (await call(officerConsole, 'delegations')).value;
    expect(listed).toEqual([
      expect.objectContaining({
        personId: deputy.id,
        from,
        until,
        grantedAs: 'leader',
        grantedBy: expect.objectContaining({ id: leader.id }),
      }),
    ]);

    // Past its window the deputy is an officer again.
    clockAt.now += 2 * HOUR + 1;
    const later = await signedIn(deputy, 'later');
    expect((await call(later, 'authStatus')).value.session).toMatchObject({ role: 'officer' });
  });

  it('a window not begun grants nothing yet; a revoked delegation ends at once', async () => {
    const { leader, officer, deputy, clockAt, signedIn, delegationRows } = await demoStation();
    const leaderConsole = await signedIn(leader);
    const deputyConsole = await signedIn(deputy);
    const role = async () => (await call(deputyConsole, 'authStatus')).value.session.role as string;

    const tonight = await call(leaderConsole, 'recordDelegation', {
      personId: deputy.id,
      from: toInstant(clockAt.now + HOUR),
      until: toInstant(clockAt.now + 3 * HOUR),
      reason: '夜间代班',
    });
    expect(tonight.ok).toBe(true);
    expect(await role()).toBe('officer');
    clockAt.now += HOUR;
    expect(await role()).toBe('leader');

    // An officer cannot revoke it; the leader on duty can, and then the deputy signs no more.
    const [recorded] = delegationRows();
    const delegationId = (recorded.payload as { delegationId: string }).delegationId;
    const officerConsole = await signedIn(officer);
    const byOfficer = await call(officerConsole, 'revokeDelegation', { delegationId, reason: '不需要了' });
    expect(codes(byOfficer)).toEqual(['NOT_AUTHORISED']);
    // (An hour without input locked the leader's console: they sign in again.)
    expect(
      codes(await call(leaderConsole, 'revokeDelegation', { delegationId, reason: '带班领导已返回' })),
    ).toEqual(['SESSION_LOCKED']);
    const leaderAgain = await signedIn(leader, 'again');
    const revoked = await call(leaderAgain, 'revokeDelegation', { delegationId, reason: '带班领导已返回' });
    expect(revoked.ok).toBe(true);
    expect(await role()).toBe('officer');
    expect(delegationRows().map((e) => e.type)).toEqual(['delegation.recorded', 'delegation.revoked']);
    const twice = await call(leaderAgain, 'revokeDelegation', { delegationId, reason: '再次撤销' });
    expect(codes(twice)).toEqual(['INVALID_TRANSITION']);
  });

  it('only the leader on duty or an administrator delegates; a crafted execute cannot; nonsense windows and non-leaders are refused, leaving no row', async () => {
    const { store, leader, officer, deputy, clockAt, signedIn, delegationRows } = await demoStation();
    const window = { from: toInstant(clockAt.now), until: toInstant(clockAt.now + HOUR), reason: '代为签发' };
    const officerConsole = await signedIn(officer);

    // An officer asks to make themselves, or the deputy, a signer.
    expect(codes(await call(officerConsole, 'recordDelegation', { personId: deputy.id, ...window }))).toEqual(
      ['NOT_AUTHORISED'],
    );
    // The command itself is the station's: a screen's execute does not take it, whatever it claims.
    const crafted = await call(officerConsole, 'execute', {
      id: newId(),
      type: 'delegation.record',
      payload: { personId: officer.id, ...window, grantedAs: 'administrator' },
      actor: { id: leader.id, name: leader.name, role: 'leader' },
    });
    expect(crafted.ok).toBe(false);
    expect(delegationRows()).toEqual([]);

    const leaderConsole = await signedIn(leader);
    const refusedFor = async (input: Record<string, unknown>) =>
      codes(await call(leaderConsole, 'recordDelegation', { personId: deputy.id, ...window, ...input }));
    // An officer is not a leader to delegate to; nobody delegates to themselves.
    expect(await refusedFor({ personId: officer.id })).toEqual(['INVALID_FIELD']);
    expect(await refusedFor({ personId: leader.id })).toEqual(['INVALID_FIELD']);
    expect(await refusedFor({ personId: 'nobody-here' })).toEqual(['UNKNOWN_PERSON']);
    // A window that ends before it starts, one already over, and one longer than a month.
    expect(await refusedFor({ until: toInstant(clockAt.now - 1) })).toEqual(['INVALID_FIELD']);
    expect(
      await refusedFor({ from: toInstant(clockAt.now - 3 * HOUR), until: toInstant(clockAt.now - HOUR) }),
    ).toEqual(['INVALID_FIELD']);
    expect(await refusedFor({ until: toInstant(clockAt.now + 32 * 24 * HOUR) })).toEqual(['INVALID_FIELD']);
    expect(delegationRows()).toEqual([]);

    // A leader who signs only by delegation does not pass it on.
    expect((await call(leaderConsole, 'recordDelegation', { personId: deputy.id, ...window })).ok).toBe(true);
    const deputyConsole = await signedIn(deputy);
    const other = store
      .staff()
      .find((p) => p.dutyRoles.includes('leader') && p.id !== leader.id && p.id !== deputy.id)!;
    expect(codes(await call(deputyConsole, 'recordDelegation', { personId: other.id, ...window }))).toEqual([
      'NOT_AUTHORISED',
    ]);
    expect(delegationRows()).toHaveLength(1);
  });

  it('an administrator who is not the leader on duty delegates as administrator, and the record says so', async () => {
    const { store, leader, officer, deputy, clockAt, signedIn, delegationRows } = await demoStation();
    // The officer administers this station (their PIN unchanged).
    const credential = store.credentials.credential(officer.id)!;
    store.credentials.setCredential({ ...credential, admin: true });
    const adminConsole = await signedIn(officer);
    expect((await call(adminConsole, 'authStatus')).value.session).toMatchObject({
      role: 'officer',
      admin: true,
    });
    const recorded = await call(adminConsole, 'recordDelegation', {
      personId: deputy.id,
      from: toInstant(clockAt.now),
      until: toInstant(clockAt.now + HOUR),
      reason: '带班领导因病，管理员授权',
    });
    expect(recorded.ok).toBe(true);
    expect(delegationRows()[0]).toMatchObject({
      actor: { id: officer.id },
      payload: { personId: deputy.id, grantedAs: 'administrator' },
    });
    expect(leader.id).not.toBe(deputy.id);
  });
});
