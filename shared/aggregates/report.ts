import type { Incident } from '../domain/incident';
import type { Report } from '../domain/report';
import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import { ancestorsOf } from '../domain/jurisdiction';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import type { DecideContext } from './context';
import type { ExternalUnit } from '../reports/external';

export type ReportCommand = Extract<Command, { type: `report.${string}` }>;
export type ReportEvent = Extract<DomainEvent, { type: `report.${string}` }>;

export const reportStream = (id: string) => `report:${id}` as const;

export interface ReportDecisionState {
  report: Report | undefined;
  /** The incident the report is about (for drafting). */
  incident: Incident | undefined;
  /** The incident's other reports, to number 续报一、续报二… */
  incidentReports: readonly Report[];
  /** The station's directory of upper levels outside Duty Room (issue 19); empty when it has none. */
  externalUnits?: readonly ExternalUnit[];
}

const editable = new Set<Report['status']>(['draft', 'returned']);

export function decideReport(cmd: ReportCommand, s: ReportDecisionState, ctx: DecideContext): Result<EventDraft[]> {
  if (cmd.type === 'report.draft') {
    if (s.report) return fail(domainError('ALREADY_EXISTS', 'payload.reportId'));
    if (!s.incident) return fail(domainError('NOT_FOUND', 'payload.incidentId'));
    const id = cmd.payload.reportId ?? ctx.newId();
    const { kind, channel, content, incidentId } = cmd.payload;
    const sequence =
      kind === 'follow_up' ? s.incidentReports.filter((r) => r.kind === 'follow_up').length + 1 : undefined;
    return ok([
      {
        type: 'report.drafted',
        stream: reportStream(id),
        payload: { incidentId, kind, channel, content, ...(sequence ? { sequence } : {}) },
      },
    ]);
  }
  const r = s.report;
  if (!r) return fail(domainError('NOT_FOUND', 'payload.reportId'));
  const stream = reportStream(r.id);
  const refuse = () => fail<EventDraft[]>(domainError('INVALID_TRANSITION', 'payload.reportId', r.status));
  switch (cmd.type) {
    case 'report.revise':
      if (!editable.has(r.status)) return fail(domainError('REPORT_NOT_EDITABLE', 'payload.reportId', r.status));
      return ok([{ type: 'report.revised', stream, payload: { content: cmd.payload.content } }]);
    case 'report.submit':
      if (!editable.has(r.status)) return refuse();
      return ok([{ type: 'report.submitted', stream, payload: {} }]);
    case 'report.approve':
      if (r.status !== 'awaiting_approval') return refuse();
      if (ctx.actor.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'actor.role'));
      return ok([
        {
          type: 'report.approved',
          stream,
          payload: {
            ...(cmd.payload.comment ? { comment: cmd.payload.comment } : {}),
            ...(cmd.payload.verification ? { verification: cmd.payload.verification } : {}),
          },
        },
      ]);
    case 'report.return':
      if (r.status !== 'awaiting_approval') return refuse();
      if (ctx.actor.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'actor.role'));
      return ok([{ type: 'report.returned', stream, payload: { comment: cmd.payload.comment } }]);
    case 'report.send': {
      // A phone report is what was said on the line: it is logged as sent without 签发.
      const sendable = r.status === 'approved' || (r.channel === 'phone' && editable.has(r.status));
      if (!sendable) return refuse();
      // Reports go upward; levels may be skipped (Reg. 493 art. 10), so any ancestor will do.
      if (!ancestorsOf(ctx.jurisdiction).includes(cmd.payload.addressedTo)) {
        return fail(domainError('INVALID_FIELD', 'payload.addressedTo', 'not above this station'));
      }
      const wanted = cmd.payload.external;
      if (!wanted) return ok([{ type: 'report.sent', stream, payload: { addressedTo: cmd.payload.addressedTo } }]);
      // An upper level outside Duty Room: one of the station's directory, standing for that jurisdiction.
      const unit = s.externalUnits?.find((u) => u.id === wanted.unitId);
      if (!unit) return fail(domainError('NOT_FOUND', 'payload.external.unitId', `no external unit ${wanted.unitId}`));
      if (unit.jurisdiction !== cmd.payload.addressedTo) {
        return fail(domainError('INVALID_FIELD', 'payload.addressedTo', `${unit.name} stands for ${unit.jurisdiction}`));
      }
      return ok([
        {
          type: 'report.sent',
          stream,
          payload: {
            addressedTo: unit.jurisdiction,
            external: { unitId: unit.id, name: unit.name, level: unit.level, via: wanted.via },
          },
        },
      ]);
    }
    case 'report.record_receipt':
    case 'report.record_system_receipt': {
      // Only a report sent to an external unit takes a receipt recorded here; a Duty Room addressee acknowledges itself.
      if (r.status !== 'sent') return refuse();
      if (!r.external) return fail(domainError('INVALID_FIELD', 'payload.reportId', 'sent to a Duty Room station: its addressee acknowledges it'));
      const receivedMs = Date.parse(cmd.payload.receivedAt);
      if (r.sentAt && receivedMs < Date.parse(r.sentAt)) {
        return fail(domainError('INVALID_FIELD', 'payload.receivedAt', 'before the report was sent'));
      }
      if (receivedMs > Date.parse(ctx.now)) return fail(domainError('INVALID_FIELD', 'payload.receivedAt', 'in the future'));
      const p = cmd.payload;
      return ok([
        {
          type: 'report.receipt_recorded',
          stream,
          payload:
            cmd.type === 'report.record_system_receipt'
              ? { receiverName: p.receiverName, receivedAt: p.receivedAt, source: 'system', reference: cmd.payload.reference }
              : {
                  receiverName: p.receiverName,
                  receivedAt: p.receivedAt,
                  source: 'manual',
                  ...(cmd.payload.note ? { note: cmd.payload.note } : {}),
                },
        },
      ]);
    }
    case 'report.acknowledge':
      if (r.status !== 'sent') return refuse();
      return ok([
        {
          type: 'report.received',
          stream,
          payload: { receivedBy: ctx.actor.id, ...(cmd.payload.note ? { note: cmd.payload.note } : {}) },
        },
      ]);
  }
}

export function evolveReport(state: Report | undefined, event: ReportEvent): Report | undefined {
  if (event.type === 'report.drafted') {
    const p = event.payload;
    return {
      id: event.stream.slice('report:'.length),
      incidentId: p.incidentId,
      kind: p.kind,
      channel: p.channel,
      ...(p.sequence ? { sequence: p.sequence } : {}),
      jurisdiction: event.jurisdiction,
      status: 'draft',
      versions: [{ version: 1, content: p.content, authoredBy: event.actor.id, authoredAt: event.occurredAt, eventId: event.id }],
    };
  }
  if (!state) return state;
  switch (event.type) {
    case 'report.revised':
      return {
        ...state,
        status: 'draft',
        versions: [
          ...state.versions,
          {
            version: state.versions.length + 1,
            content: event.payload.content,
            authoredBy: event.actor.id,
            authoredAt: event.occurredAt,
            eventId: event.id,
          },
        ],
      };
    case 'report.submitted':
      return { ...state, status: 'awaiting_approval' };
    case 'report.approved':
      return {
        ...state,
        status: 'approved',
        approvedBy: event.actor.id,
        approvedAt: event.occurredAt,
        ...(event.payload.verification ? { approvedVia: event.payload.verification.method } : {}),
      };
    case 'report.returned':
      return { ...state, status: 'returned', returnedComment: event.payload.comment };
    case 'report.sent': {
      const { external: _previous, receipt: _receipt, ...rest } = state;
      return {
        ...rest,
        status: 'sent',
        sentAt: event.occurredAt,
        addressedTo: event.payload.addressedTo,
        ...(event.payload.external ? { external: event.payload.external } : {}),
      };
    }
    case 'report.received':
      return { ...state, status: 'received', receivedAt: event.occurredAt, receivedBy: event.payload.receivedBy };
    case 'report.receipt_recorded': {
      const p = event.payload;
      return {
        ...state,
        status: 'received',
        receivedAt: p.receivedAt,
        receipt: { receiverName: p.receiverName, source: p.source, ...(p.reference ? { reference: p.reference } : {}) },
      };
    }
  }
}
