import { decideReport, evolveReport, type ReportCommand, type ReportEvent } from '../../shared/aggregates/report';
import type { Incident } from '../../shared/domain/incident';
import { isWithin } from '../../shared/domain/jurisdiction';
import type { Report } from '../../shared/domain/report';
import { domainError } from '../../shared/errors';
import { externalUnitsFor, type ExternalUnit } from '../../shared/reports/external';
import { fail } from '../../shared/result';
import { payloadText, stationFeature } from '../store/feature';
import { projectionReports } from './migrations/0060-projection-reports';
import { reportsAwaitingReceipt } from './migrations/0160-reports-awaiting-receipt';
import type { DrillRepository } from '../drills/drills.store';
import { obligationsTable, type ObligationRepository } from './obligations.store';
import { projectionObligations } from './migrations/0070-projection-obligations';

/** 信息报告: the reports this station holds (the `reports` projection) and where it may send them. */
export interface ReportRepository {
  /** An incident's reports, by id. */
  reportsOf(incidentId: string): Report[];
  report(id: string): Report | undefined;
  /** Reports sent to this jurisdiction and not yet acknowledged (已接收), open incident or closed, oldest sent first. */
  reportsAwaitingReceipt(addressedTo: string): Report[];
  /** The directory of upper levels outside Duty Room a report may be sent to (issue 19). */
  readonly externalUnits: readonly ExternalUnit[];
}

/**
 * The report feature at the station: its projection, its queries, how a report command is decided, and
 * the deadlines its reports are owed by (the obligations derived from incidents and reports).
 */
export const reportsFeature = stationFeature<ReportRepository, Pick<DrillRepository, 'drillLinkOf'>, ObligationRepository>({
  name: 'reports',
  migrations: [projectionReports, projectionObligations, reportsAwaitingReceipt],
  derived: obligationsTable,
  projections: {
    report: {
      table: 'reports',
      evolve: (s, e) => evolveReport(s as Report | undefined, e as ReportEvent),
      columns: { incident_id: (s: Report) => s.incidentId, status: (s: Report) => s.status },
    },
  },
  repository(db, options) {
    const checkedUnits = externalUnitsFor(options.jurisdiction, options.externalUnits ?? []);
    if (!checkedUnits.ok)
      throw new Error(`external units: ${checkedUnits.errors.map((e) => `${e.field}: ${e.detail}`).join('; ')}`);
    const reportsOf = db.prepare('SELECT state FROM reports WHERE incident_id = ? ORDER BY id').pluck();
    const byId = db.prepare('SELECT state FROM reports WHERE id = ?').pluck();
    const awaitingReceipt = db
      .prepare(
        // A report sent to an external unit standing for this jurisdiction awaits its sender's 人工回执, not this inbox.
        "SELECT state FROM reports WHERE status = 'sent' AND json_extract(state, '$.addressedTo') = ? AND json_extract(state, '$.external') IS NULL ORDER BY json_extract(state, '$.sentAt'), id",
      )
      .pluck();
    const parseAll = (rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as Report);
    return {
      reportsOf: (incidentId) => parseAll(reportsOf.all(incidentId)),
      report: (id) => {
        const row = byId.get(id);
        return typeof row === 'string' ? (JSON.parse(row) as Report) : undefined;
      },
      reportsAwaitingReceipt: (addressedTo) => parseAll(awaitingReceipt.all(addressedTo)),
      externalUnits: checkedUnits.value,
    };
  },
  decide: {
    report(cmd, load, ctx) {
      const reportId = payloadText(cmd, 'reportId');
      const report = reportId ? (load.state(`report:${reportId}`) as Report | undefined) : undefined;
      const incidentId = payloadText(cmd, 'incidentId') ?? report?.incidentId;
      const incident = incidentId ? (load.state(`incident:${incidentId}`) as Incident | undefined) : undefined;
      // A drill's report goes no higher than the drill's organiser (decision 0024), also one about an
      // incident registered by hand and linked to the drill afterwards.
      const drill = incident?.drill ?? (incidentId ? load.read.drillLinkOf(incidentId) : undefined);
      const addressedTo = payloadText(cmd, 'addressedTo');
      if (drill && cmd.type === 'report.send' && addressedTo !== undefined && !isWithin(addressedTo, drill.organiser))
        return fail(
          domainError('DRILL_ABOVE_ORGANISER', 'payload.addressedTo', `${addressedTo} is above the organiser ${drill.organiser}`),
        );
      return decideReport(
        cmd as ReportCommand,
        {
          report,
          incident,
          incidentReports: incidentId ? load.read.reportsOf(incidentId) : [],
          externalUnits: load.read.externalUnits,
        },
        ctx,
      );
    },
  },
});
