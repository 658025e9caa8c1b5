import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation, type TestStation } from '../api/api.testing';
import { seedDemoRoster } from '../roster/demo';
import { DEMO_ADMINISTRATOR, demoCredentials, demoPinOf } from './demo';
import { newId } from '../../shared/ids';
import { credentialStream } from '../../shared/auth/credentials';
import type { Result } from '../../shared/result';
import type { ScreenConnection } from '../api';
import { authCalls } from '../../shared/api/auth-calls';

/*
 * Issue 17, 人员口令: the administrator gives other staff their sign-in PINs, resets them and revokes
 * sign-in for someone who left. The station checks the caller's session is an administrator's, keeps the
 * hash local (argon2id), ends the person's sessions on a reset or revocation, and puts on record who did
 * what to whose sign-in — with no secret in it. Real store, real argon2id, the API's screen connections.
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

const NOON = Date.parse('2026-03-10T04:00:00Z');
const NEW_PIN = '24681357';

async function demoStation() {
  station = openTestStation({
    jurisdiction: '500110',
    stationId: 'station-500110',
    operator: undefined,
    clock: () => NOON,
  });
  seedDemoRoster(station.store, NOON);
  const { store, api } = station;
  await api.auth.provision(demoCredentials(store.staff()));
  const staff = store.staff();
  const admin = staff.find((p) => p.id === DEMO_ADMINISTRATOR)!;
  const officer = staff.find((p) => !p.dutyRoles.includes('leader') && demoPinOf(p) && p.active)!;
  // A newcomer joins the directory: no PIN yet.
  const joined = store.execute(
    {
      id: newId(),
      type: 'staff.register',
      payload: { member: { id: 'ws-new-01', name: '新同事', dutyRoles: ['officer'] } },
    },
    { id: admin.id, name: admin.name, role: 'leader' },
  );
  expect(joined.ok).toBe(true);
  let consoles = 0;
  const signedIn = async (personId: string, secret: string) => {
    consoles += 1;
    const c = api.connect('console', `console-${consoles}`);
    const r = await call(c, 'signIn', { personId, secret });
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    return c;
  };
  const record = () => store.streamEvents(credentialStream('station-500110'));
  return { store, api, admin, officer, signedIn, record };
}

describe('人员口令: an administrator sets, resets and revokes others’ sign-in (issue 17)', () => {
  it('the administrator sets a newcomer’s PIN: on record in the administrator’s name without the hash; the newcomer signs in', async () => {
    const { store, admin, signedIn, record } = await demoStation();
    const adminConsole = await signedIn(admin.id, demoPinOf(admin)!);
    const listed = (await call(adminConsole, 'credentials')).value as Array<{
      person: { id: string };
      state: string;
    }>;
    expect(listed.find((x) => x.person.id === 'ws-new-01')).toMatchObject({ state: 'none' });
    expect(listed.find((x) => x.person.id === admin.id)).toMatchObject({ state: 'set', admin: true });

    // A PIN that breaks the one rule is refused before anything is written.
    expect(
      codes(await call(adminConsole, 'setCredential', { personId: 'ws-new-01', secret: '12345' })),
    ).toEqual(['INVALID_FIELD']);
    const set = await call(adminConsole, 'setCredential', { personId: 'ws-new-01', secret: NEW_PIN });
    expect(set).toMatchObject({ ok: true, value: { sessionsEnded: 0 } });
    expect(record()).toEqual([
      expect.objectContaining({
        type: 'credential.set',
        actor: expect.objectContaining({ id: admin.id, name: admin.name }),
        payload: { personId: 'ws-new-01', admin: false, setAs: 'administrator' },
      }),
    ]);
    // The hash is in the local table, argon2id, and nowhere in the log (nor the PIN).
    expect(store.credentials.credential('ws-new-01')?.hash).toMatch(/^\$argon2id\$/);
    const log = JSON.stringify(store.eventsSince(0, 100_000));
    expect(log).not.toContain('$argon2id$');
    expect(log).not.toContain(NEW_PIN);

    const newcomer = await signedIn('ws-new-01', NEW_PIN);
    expect((await call(newcomer, 'authStatus')).value.session).toMatchObject({ person: { id: 'ws-new-01' } });
    expect((await call(adminConsole, 'credentials')).value).toContainEqual(
      expect.objectContaining({
        person: expect.objectContaining({ id: 'ws-new-01' }),
        state: 'set',
        changedBy: admin.name,
      }),
    );
  });

  it('an officer’s crafted requests are refused and leave no row: setting another’s PIN, revoking, listing, a bare execute', async () => {
    const { store, admin, officer, signedIn, record } = await demoStation();
    const officerConsole = await signedIn(officer.id, demoPinOf(officer)!);
    const before = store.credentials.credential(admin.id)!.hash;
    expect(
      codes(
        await call(officerConsole, 'setCredential', { personId: admin.id, secret: NEW_PIN, admin: true }),
      ),
    ).toEqual(['NOT_AUTHORISED']);
    expect(
      codes(await call(officerConsole, 'setCredential', { personId: 'ws-new-01', secret: NEW_PIN })),
    ).toEqual(['NOT_AUTHORISED']);
    expect(codes(await call(officerConsole, 'revokeCredential', { personId: admin.id }))).toEqual([
      'NOT_AUTHORISED',
    ]);
    expect(codes(await call(officerConsole, 'credentials'))).toEqual(['NOT_AUTHORISED']);
    // The record command is the station's own: a screen's execute does not take it, whatever actor it claims.
    const crafted = await call(officerConsole, 'execute', {
      id: newId(),
      type: 'credential.record_revoke',
      payload: { personId: admin.id, reason: '伪造' },
      actor: { id: admin.id, name: admin.name, role: 'leader' },
    });
    expect(crafted.ok).toBe(false);
    expect(store.credentials.credential(admin.id)?.hash).toBe(before);
    expect(store.credentials.credential('ws-new-01')).toBeUndefined();
    expect(record()).toEqual([]);
    // Without a session at all: signed-in first.
    const nobody = station!.api.connect('console', 'nobody');
    expect(codes(await call(nobody, 'setCredential', { personId: 'ws-new-01', secret: NEW_PIN }))).toEqual([
      'SIGN_IN_REQUIRED',
    ]);
  });

  it('a reset ends the person’s open sessions; the old PIN no longer signs in, the new one does', async () => {
    const { admin, officer, signedIn, record } = await demoStation();
    const officerConsole = await signedIn(officer.id, demoPinOf(officer)!);
    const officerOther = await signedIn(officer.id, demoPinOf(officer)!);
    const adminConsole = await signedIn(admin.id, demoPinOf(admin)!);
    const reset = await call(adminConsole, 'setCredential', { personId: officer.id, secret: NEW_PIN });
    expect(reset).toMatchObject({ ok: true, value: { sessionsEnded: 2 } });
    expect(record().map((e) => [e.type, e.payload])).toEqual([
      ['credential.reset', { personId: officer.id, admin: false, setAs: 'administrator' }],
    ]);
    const draft = { id: newId(), type: 'dutylog.record', payload: {} };
    for (const c of [officerConsole, officerOther]) {
      expect((await call(c, 'authStatus')).value.session).toBeNull();
      expect(codes(await call(c, 'execute', draft))).toEqual(['SIGN_IN_REQUIRED']);
    }
    const again = station!.api.connect('console', 'again');
    expect(codes(await call(again, 'signIn', { personId: officer.id, secret: demoPinOf(officer)! }))).toEqual(
      ['SIGN_IN_FAILED'],
    );
    await signedIn(officer.id, NEW_PIN);
    // The administrator's own session is untouched.
    expect((await call(adminConsole, 'authStatus')).value.session).toMatchObject({
      person: { id: admin.id },
    });
  });

  it('a revoked person cannot sign in: sessions end, phones are revoked, on record with the reason; nobody revokes themselves', async () => {
    const { store, admin, officer, signedIn, record } = await demoStation();
    const officerConsole = await signedIn(officer.id, demoPinOf(officer)!);
    const pairing = await call(officerConsole, 'pairPhone', { personId: officer.id, label: '本人手机' });
    expect(pairing.ok).toBe(true);
    const paired = authCalls.pairPhone.output.parse(pairing.value);
    const adminConsole = await signedIn(admin.id, demoPinOf(admin)!);
    expect(codes(await call(adminConsole, 'revokeCredential', { personId: admin.id }))).toEqual([
      'INVALID_FIELD',
    ]);
    expect(store.credentials.credential(admin.id)).toBeDefined();

    const revoked = await call(adminConsole, 'revokeCredential', { personId: officer.id, reason: '已调离' });
    expect(revoked).toMatchObject({ ok: true, value: { sessionsEnded: 1 } });
    expect(record()).toEqual([
      expect.objectContaining({
        type: 'credential.revoked',
        actor: expect.objectContaining({ id: admin.id }),
        payload: { personId: officer.id, reason: '已调离' },
      }),
    ]);
    expect((await call(officerConsole, 'authStatus')).value.session).toBeNull();
    const later = station!.api.connect('console', 'later');
    expect(codes(await call(later, 'signIn', { personId: officer.id, secret: demoPinOf(officer)! }))).toEqual(
      ['SIGN_IN_FAILED'],
    );
    expect((await call(later, 'authStatus')).value.people).toContainEqual(
      expect.objectContaining({ id: officer.id, canSignIn: false }),
    );
    expect(
      store.credentials.phoneTerminals().filter((t) => t.personId === officer.id && !t.revokedAt),
    ).toEqual([]);
    expect(station!.api.auth.phoneActor(paired.token).ok).toBe(false);
    expect((await call(adminConsole, 'credentials')).value).toContainEqual(
      expect.objectContaining({ person: expect.objectContaining({ id: officer.id }), state: 'revoked' }),
    );
    // Twice is refused; a revoked person is given a PIN again by an administrator (on record as set).
    expect(codes(await call(adminConsole, 'revokeCredential', { personId: officer.id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect((await call(adminConsole, 'setCredential', { personId: officer.id, secret: NEW_PIN })).ok).toBe(
      true,
    );
    expect(record().map((e) => e.type)).toEqual(['credential.revoked', 'credential.set']);
  });

  it('the first-run administrator’s PIN is on record as set by the set-up, without the hash', async () => {
    station = openTestStation({ jurisdiction: '500110', stationId: 'station-500110', operator: undefined });
    const c = station.api.connect('console', 'first');
    const set = await call(c, 'setUpAdministrator', { name: '王主任', secret: '246810', dutyRole: 'leader' });
    expect(set.ok).toBe(true);
    const [event] = station.store.streamEvents(credentialStream('station-500110'));
    expect(event).toMatchObject({
      type: 'credential.set',
      actor: { id: 'station-setup', role: 'system' },
      payload: { personId: set.value.session.person.id, admin: true, setAs: 'first_run' },
    });
    expect(JSON.stringify(event)).not.toContain('$argon2id$');
  });
});
