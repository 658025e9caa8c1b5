import type { Actor } from '../../shared/domain/common';
import type { Report } from '../../shared/domain/report';
import type { Incident } from '../../shared/domain/incident';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import type { AuthService } from './service';

/**
 * 手机审批 (issue 17): a leader on call approves (签发) from their paired phone. The page the station host
 * serves at /phone/ asks these with the terminal's token; the leader confirms each approval with their
 * own PIN, and the report.approved event records `phone_terminal` and which terminal.
 */
export interface PhoneStore {
  openIncidents(): Incident[];
  reportsOf(incidentId: string): Report[];
  report(id: string): Report | undefined | null;
  incident(id: string): Incident | undefined | null;
  execute(command: unknown, actor: Actor): Result<DomainEvent[]>;
}

export interface AwaitingSignature {
  reportId: string;
  incidentTitle: string;
  kind: Report['kind'];
  sequence?: number;
  summary: string;
  version: number;
}

export type PhoneApprovals = ReturnType<typeof phoneApprovals>;

export function phoneApprovals(deps: {
  store: PhoneStore;
  auth: AuthService;
  clock: () => number;
  jurisdiction: string;
}) {
  const { store, auth } = deps;
  const awaiting = (): AwaitingSignature[] =>
    store.openIncidents().flatMap((incident) =>
      store
        .reportsOf(incident.id)
        .filter((r) => r.status === 'awaiting_approval' && r.jurisdiction === deps.jurisdiction)
        .flatMap((r) => {
          const latest = r.versions[r.versions.length - 1];
          if (!latest) return [];
          const text = latest.content.summary;
          return {
            reportId: r.id,
            incidentTitle: incident.facts.title,
            kind: r.kind,
            ...(r.sequence !== undefined ? { sequence: r.sequence } : {}),
            summary: text.slice(0, 400),
            version: latest.version,
          } satisfies AwaitingSignature;
        }),
    );
  return {
    /** Who the phone belongs to and what awaits signature; refused for a revoked or unknown token. */
    pending(
      token: string,
    ): Result<{ person: { id: string; name: string }; canSign: boolean; reports: AwaitingSignature[] }> {
      const terminal = auth.phoneActor(token);
      if (!terminal.ok) return terminal;
      const { actor } = terminal.value;
      return ok({
        person: { id: actor.id, name: actor.name ?? actor.id },
        canSign: actor.role === 'leader',
        reports: actor.role === 'leader' ? awaiting() : [],
      });
    },
    /** 签发 from the phone, with the holder's PIN typed there; only the leader who may sign now. */
    async approve(token: string, input: { reportId: unknown; secret: unknown }, throttleKey: string) {
      if (typeof input.reportId !== 'string' || typeof input.secret !== 'string' || input.secret.length > 128)
        return fail(domainError('INVALID_FIELD', 'input'));
      const terminal = await auth.phoneConfirm(token, input.secret, throttleKey);
      if (!terminal.ok) return terminal;
      const { actor, terminalId } = terminal.value;
      if (actor.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'actor.role'));
      const report = store.report(input.reportId);
      if (!report || report.jurisdiction !== deps.jurisdiction)
        return fail(domainError('NOT_FOUND', 'input.reportId'));
      return store.execute(
        {
          id: newId(deps.clock()),
          type: 'report.approve',
          payload: { reportId: report.id, verification: { method: 'phone_terminal', terminalId } },
        },
        actor,
      );
    },
  };
}
