import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation, type TestStation } from '../api/api.testing';
import { seedDemoRoster } from '../roster/demo';
import { demoCredentials, demoPinOf } from './demo';
import { newId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { ScreenConnection } from '../api';

/*
 * Issue 17: "Handover ends the outgoing officer's session and starts the incoming one's: both sign the
 * handover sheet." Each side signs the kept sheet with their own PIN at that moment, the outgoing first; the
 * record says who signed and how they were verified, and so does the archived sheet; when the incoming
 * officer signs, the console passes to them. Real store, real argon2id, screens as the transports make them.
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

/** Noon in China on a day of the demo roster: a 24-hour shift from 08:30 runs, the next one starts tomorrow. */
const NOON = Date.parse('2026-03-10T04:00:00Z');

describe('交接班签字 (issue 17)', () => {
  it('both sides sign with their own PIN, the outgoing first; the record and the archived sheet say who and how; the console passes to the incoming officer', async () => {
    station = openTestStation({
      jurisdiction: '500110',
      stationId: 'station-500110',
      operator: undefined,
      clock: () => NOON,
    });
    const { store, api } = station;
    const rosterId = seedDemoRoster(store, NOON).rosterId!;
    await api.auth.provision(demoCredentials(store.staff()));
    const person = (id: string) => store.staff().find((p) => p.id === id)!;
    const pin = (id: string) => demoPinOf(person(id))!;

    const c = api.connect('console', 'duty-room-console');
    // The sheet as of now: the running shift hands over to tomorrow's at 08:30.
    const draftFor = async () => (await call(c, 'handoverDraft', { notes: '青年镇山体滑坡监测继续' })).value;
    const drawn = await draftFor();
    const outgoingOfficer: string = drawn.outgoing.officers[0];
    const incomingOfficer: string = drawn.incoming.officers[0];
    expect(outgoingOfficer).toBeDefined();
    expect(incomingOfficer).toBeDefined();
    expect(incomingOfficer).not.toBe(outgoingOfficer);

    const signedIn = await call(c, 'signIn', { personId: outgoingOfficer, secret: pin(outgoingOfficer) });
    expect(signedIn.ok).toBe(true);
    const outgoingToken: string = signedIn.value.resumeToken;
    const handoverId = newId();
    const recorded = await call(c, 'execute', {
      id: newId(),
      type: 'roster.record_handover',
      payload: { rosterId, handoverId, sheet: await draftFor() },
    });
    expect(recorded.ok, JSON.stringify(recorded)).toBe(true);
    const signatures = () =>
      store.streamEvents(`roster:${rosterId}`).filter((e) => e.type === 'roster.handover_signed');

    // A bare command cannot sign: the signer's PIN is asked for at that moment.
    const bare = await call(c, 'execute', {
      id: newId(),
      type: 'roster.sign_handover',
      payload: { rosterId, handoverId, side: 'outgoing', verification: { method: 'pin' } },
    });
    expect(codes(bare)).toEqual(['CONFIRMATION_REQUIRED']);
    const sign = (side: 'outgoing' | 'incoming', personId: string, secret: string) =>
      call(c, 'signHandover', { rosterId, handoverId, side, personId, secret });
    // The incoming side does not sign before the outgoing one has handed over.
    expect(codes(await sign('incoming', incomingOfficer, pin(incomingOfficer)))).toEqual([
      'INVALID_TRANSITION',
    ]);
    // A wrong PIN signs nothing.
    expect(codes(await sign('outgoing', outgoingOfficer, '000000'))).toEqual(['SIGN_IN_FAILED']);
    expect(signatures()).toEqual([]);

    // The outgoing officer signs with their own PIN; the console stays theirs.
    const out = await sign('outgoing', outgoingOfficer, pin(outgoingOfficer));
    expect(out.ok, JSON.stringify(out)).toBe(true);
    expect(out.value.session).toBeNull();
    expect(signatures()[0]).toMatchObject({
      actor: { id: outgoingOfficer },
      payload: { side: 'outgoing', personId: outgoingOfficer, verification: { method: 'pin' } },
    });
    // Someone of the outgoing crew cannot sign for the incoming one, even with their right PIN.
    expect(codes(await sign('incoming', outgoingOfficer, pin(outgoingOfficer)))).toEqual(['NOT_AUTHORISED']);

    // The incoming officer signs at the same console with their own PIN: the console is theirs now.
    const inn = await sign('incoming', incomingOfficer, pin(incomingOfficer));
    expect(inn.ok, JSON.stringify(inn)).toBe(true);
    expect(inn.value.session.session.person.id).toBe(incomingOfficer);
    expect(signatures()[1]).toMatchObject({
      actor: { id: incomingOfficer },
      payload: { side: 'incoming', personId: incomingOfficer, verification: { method: 'pin' } },
    });
    expect((await call(c, 'authStatus')).value.session.person.id).toBe(incomingOfficer);
    // The outgoing officer's session is over: their tab's token no longer takes it back.
    const elsewhere = api.connect('console', 'outgoing-tab');
    expect(codes(await call(elsewhere, 'resumeSession', { token: outgoingToken }))).toEqual([
      'SIGN_IN_REQUIRED',
    ]);
    // The new session resumes from its own token.
    expect((await call(elsewhere, 'resumeSession', { token: inn.value.session.resumeToken })).ok).toBe(true);

    // The kept record and the archived sheet show both signatures and how they were verified.
    const kept = store.roster(rosterId)!.handovers[handoverId];
    expect(kept.signatures).toMatchObject({
      outgoing: { personId: outgoingOfficer, verification: { method: 'pin' } },
      incoming: { personId: incomingOfficer, verification: { method: 'pin' } },
    });
    const page = (await call(c, 'handoverPrintView', { rosterId, handoverId })).value as string;
    expect(page).toContain(`交班人：${person(outgoingOfficer).name}`);
    expect(page).toContain(`接班人：${person(incomingOfficer).name}`);
    expect(page.match(/本人口令确认/g)).toHaveLength(2);
    expect(page).not.toContain('未签字');
  });
});
