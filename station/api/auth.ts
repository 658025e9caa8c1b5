import type { Actor } from '../../shared/domain/common';
import { delegationsFrom, delegationStream } from '../../shared/auth/delegation';
import { domainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { fail, ok } from '../../shared/result';
import type { ApiStore } from './ports';
import { stationApiFeature } from './context';

/** 授权签发 on record: the station's own delegation stream (shared/auth/delegation.ts). */
export const recordedDelegations = (store: Pick<ApiStore, 'streamEvents'>, stationId: string) =>
  delegationsFrom(store.streamEvents(delegationStream(stationId)));

/**
 * 登录 and 签发 with confirmation at the station API: station/auth does the checking (the session of the
 * screen the request came from, a PIN, a delegation); the store records what follows.
 */
export const authApi = stationApiFeature({
  name: 'auth',
  // 签发 from a screen needs the leader's own PIN at that moment: approveReport, or a phone path.
  screenRefuses: { 'report.approve': 'CONFIRMATION_REQUIRED' },
  open: ({ store, station, clock, auth, screenNow }) => {
    const approve = (reportId: string, actor: Actor, verification: unknown, comment?: string) => {
      const report = store.report(reportId);
      // Only this station's own reports are signed here.
      if (!report || report.jurisdiction !== station.jurisdiction)
        return fail(domainError('NOT_FOUND', 'input.reportId'));
      const result = store.execute(
        {
          id: newId(clock()),
          type: 'report.approve',
          payload: { reportId, verification, ...(comment ? { comment } : {}) },
        },
        actor,
      );
      return result.ok ? ok({ events: result.value }) : result;
    };
    return {
      handlers: {
        authStatus: () => ok(auth.status(screenNow())),
        signIn: ({ personId, secret }: { personId: string; secret: string }) =>
          auth.signIn(screenNow(), personId, secret),
        resumeSession: ({ token }: { token: string }) => auth.resume(screenNow(), token),
        signOut: () => auth.signOut(screenNow()),
        touchSession: () => auth.touch(screenNow()),
        setUpAdministrator: (input: { name: string; secret: string; dutyRole: 'leader' | 'officer' }) =>
          auth.setUpAdministrator(screenNow(), input),
        setCredential: (input: {
          personId: string;
          secret: string;
          admin?: boolean | undefined;
          currentSecret?: string | undefined;
        }) => auth.setCredential(screenNow(), input),
        // 人员口令: an administrator's screen (station/auth checks the caller's session is one).
        revokeCredential: (input: { personId: string; reason?: string | undefined }) =>
          auth.revokeCredential(screenNow(), input),
        credentials: () => auth.credentials(screenNow()),
        approveReport: async ({
          reportId,
          secret,
          comment,
        }: {
          reportId: string;
          secret: string;
          comment?: string | undefined;
        }) => {
          const confirmed = await auth.confirm(screenNow(), secret);
          if (!confirmed.ok) return confirmed;
          if (confirmed.value.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'actor.role'));
          return approve(reportId, confirmed.value, { method: 'pin' }, comment);
        },
        recordPhoneApproval: ({
          reportId,
          leaderId,
          calledBack,
          comment,
        }: {
          reportId: string;
          leaderId: string;
          calledBack: string;
          comment?: string | undefined;
        }) => {
          const officer = auth.actorOf(screenNow());
          if (!officer.ok) return officer;
          const leader = auth.actorFor(leaderId);
          if (!leader) return fail(domainError('UNKNOWN_PERSON', 'input.leaderId'));
          // The one who approved must be a leader who may sign now, and the call-back goes to their number on file.
          if (leader.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'input.leaderId'));
          const phones = store.staff().find((p) => p.id === leaderId)?.phones ?? [];
          const digits = (s: string) => s.replace(/[^0-9]/g, '');
          if (!phones.some((p) => digits(p) === digits(calledBack)))
            return fail(
              domainError(
                'INVALID_FIELD',
                'input.calledBack',
                'not a number of this leader in the directory',
              ),
            );
          return approve(
            reportId,
            leader,
            {
              method: 'phone_callback',
              leader: { id: leader.id, name: leader.name ?? leader.id },
              calledBack,
              recordedBy: { id: officer.value.id, name: officer.value.name ?? officer.value.id },
            },
            comment,
          );
        },
        pairPhone: (input: { personId: string; label: string }) => {
          const paired = auth.pairPhone(screenNow(), input);
          return paired.ok ? ok({ ...paired.value, path: `/phone/#t=${paired.value.token}` }) : paired;
        },
        revokePhone: ({ terminalId }: { terminalId: string }) => auth.revokePhone(screenNow(), terminalId),
        phoneTerminals: () => ok(auth.phoneTerminals()),
        // 授权签发: who grants it, and on what authority, is the station's to say (auth.delegator).
        recordDelegation: (input: { personId: string; from: string; until: string; reason: string }) => {
          const grantor = auth.delegator(screenNow());
          if (!grantor.ok) return grantor;
          const result = store.execute(
            {
              id: newId(clock()),
              type: 'delegation.record',
              payload: { ...input, grantedAs: grantor.value.grantedAs },
            },
            grantor.value.actor,
          );
          return result.ok ? ok({ events: result.value }) : result;
        },
        revokeDelegation: (input: { delegationId: string; reason: string }) => {
          const grantor = auth.delegator(screenNow());
          if (!grantor.ok) return grantor;
          const result = store.execute(
            {
              id: newId(clock()),
              type: 'delegation.revoke',
              payload: { ...input, grantedAs: grantor.value.grantedAs },
            },
            grantor.value.actor,
          );
          return result.ok ? ok({ events: result.value }) : result;
        },
        delegations: () => ok(recordedDelegations(store, station.stationId)),
        signHandover: async ({
          rosterId,
          handoverId,
          side,
          personId,
          secret,
        }: {
          rosterId: string;
          handoverId: string;
          side: 'outgoing' | 'incoming';
          personId: string;
          secret: string;
        }) => {
          const screen = screenNow();
          const atConsole = auth.actorOf(screen);
          if (!atConsole.ok) return atConsole;
          const handover = store.roster(rosterId)?.handovers[handoverId];
          if (!handover) return fail(domainError('NOT_FOUND', 'input.handoverId'));
          // The outgoing shift hands over first; the incoming one takes over by signing after it.
          if (side === 'incoming' && !handover.signatures.outgoing)
            return fail(domainError('INVALID_TRANSITION', 'input.side', 'the outgoing side signs first'));
          // Each signs with their own PIN now: the person signed in here, or a colleague at the same console.
          const signer =
            personId === atConsole.value.id
              ? await auth.confirm(screen, secret)
              : await auth.confirmPerson(screen, personId, secret);
          if (!signer.ok) return signer;
          const result = store.execute(
            {
              id: newId(clock()),
              type: 'roster.sign_handover',
              payload: { rosterId, handoverId, side, verification: { method: 'pin' } },
            },
            signer.value,
          );
          if (!result.ok) return result;
          // Handed over: the incoming signer's session starts here, ending the outgoing one's.
          const session =
            side === 'incoming' && signer.value.id !== atConsole.value.id
              ? auth.startConfirmed(screen, signer.value.id)
              : null;
          return ok({ events: result.value, session });
        },
      },
    };
  },
});
