import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { ShortText } from '../domain/common';
import { SeverityLevel, type Incident } from '../domain/incident';
import { WarningColour, type Warning } from '../domain/operations';
import { TeamStatus, type Team } from '../domain/resources';
import { ObligationKind, type Obligation } from '../rules/obligation';
import { Instant, MINUTE, toInstant, toMs } from '../time';
import { whoIsOnDuty, type Rosters } from './duty';
import { DutyLogKind } from '../dutylog/events';

/*
 * 交接班记录: what the outgoing shift hands over, as kept data. The station fills the inputs from its
 * projections; this module only selects, orders and freezes them at the handover instant, so the
 * sheet that was signed is the sheet that is printed later.
 */

/** List lengths that keep a full sheet within one event (64 KiB). */
export const LIMITS = {
  openIncidents: 60,
  pendingObligations: 100,
  unacknowledgedWarnings: 50,
  teamsOut: 100,
  dutyLog: 80,
} as const;

/** A duty-log entry's text as the sheet keeps it (the full entry stays in the log). */
const DUTY_LOG_TEXT_CHARS = 300;

const Crew = z.object({
  shiftId: ObjectId.optional(),
  leader: ObjectId.optional(),
  officers: z.array(ObjectId).max(50),
});

export const HandoverSheet = z.object({
  handoverAt: Instant,
  outgoing: Crew,
  incoming: Crew,
  openIncidents: z
    .array(
      z.object({
        id: Ulid,
        title: ShortText,
        level: SeverityLevel,
        status: z.enum(['received', 'responding']),
        receivedAt: Instant,
      }),
    )
    .max(LIMITS.openIncidents),
  /** Reports still owed, earliest due first; `minutesLeft` negative once overdue. */
  pendingObligations: z
    .array(
      z.object({
        incidentId: Ulid,
        incidentTitle: z.string().max(200).optional(),
        key: z.string().min(1).max(200),
        kind: ObligationKind,
        dueAt: Instant,
        overdue: z.boolean(),
        minutesLeft: z.number().int(),
      }),
    )
    .max(LIMITS.pendingObligations),
  unacknowledgedWarnings: z
    .array(
      z.object({
        id: Ulid,
        hazard: ShortText,
        colour: WarningColour,
        issuedAt: Instant,
        unacknowledged: z.number().int().min(1),
        recipients: z.number().int().min(1),
      }),
    )
    .max(LIMITS.unacknowledgedWarnings),
  /** Teams sent out and not back on standby (出动未归). */
  teamsOut: z.array(z.object({ id: ObjectId, name: ShortText, status: TeamStatus })).max(LIMITS.teamsOut),
  notes: z.string().max(2000),
  /** 值班日志 of the outgoing shift, newest first (calls, instructions relayed, reports made). */
  dutyLog: z
    .array(
      z.object({
        id: Ulid,
        occurredAt: Instant,
        kind: DutyLogKind,
        text: z.string().max(DUTY_LOG_TEXT_CHARS),
        counterpart: z.string().max(100).optional(),
        incidentId: Ulid.optional(),
      }),
    )
    .max(LIMITS.dutyLog)
    .default([]),
  /** Items left off a full list, so the sheet says that more exists rather than hiding it. */
  omitted: z.object({
    openIncidents: z.number().int(),
    pendingObligations: z.number().int(),
    unacknowledgedWarnings: z.number().int(),
    teamsOut: z.number().int(),
    dutyLog: z.number().int().default(0),
  }),
});
export type HandoverSheet = z.infer<typeof HandoverSheet>;

export interface HandoverInput {
  /** When the sheet is drawn up: what is open, owed and logged is read as of this instant. */
  at: number;
  /**
   * The handover instant, where one shift ends and the next begins; `at` unless given. Drawn up during a
   * shift, the sheet hands that shift (outgoing) over to the next one (incoming), not the shift to itself.
   */
  handoverAt?: number;
  roster?: Rosters;
  openIncidents: readonly Pick<Incident, 'id' | 'status' | 'facts'>[];
  pendingObligations: readonly Pick<Obligation, 'incidentId' | 'key' | 'kind' | 'dueAt' | 'state'>[];
  /** Warnings in force; the sheet counts the recipients who have not answered (叫应). */
  unacknowledgedWarnings: readonly (Pick<Warning, 'id' | 'hazard' | 'colour' | 'issuedAt'> & {
    liftedAt?: string | undefined;
    recipients: ReadonlyArray<{ acknowledgedAt?: string | undefined }>;
  })[];
  teamsOut: readonly Pick<Team, 'id' | 'name' | 'status'>[];
  notes: string;
  /** The duty log of the outgoing shift (the station passes its entries since the shift began). */
  dutyLog?: readonly {
    id: string;
    occurredAt: string;
    kind: DutyLogKind;
    text: string;
    counterpart?: string | undefined;
    incidentId?: string | undefined;
  }[];
}

const cap = <T>(items: T[], max: number): [T[], number] => [
  items.slice(0, max),
  Math.max(0, items.length - max),
];

/**
 * The handover sheet at `at`. Inputs may be wider than needed (all incidents, all obligations): what
 * is closed, met, waived, lifted or back on standby is left off, so the station can pass its
 * projections as they are. Outgoing crew is the shift running just before the handover instant, incoming
 * the one starting at it.
 */
export function handoverSheet(input: HandoverInput): HandoverSheet {
  const { at } = input;
  const crew = (t: number) => {
    if (!input.roster) return { officers: [] };
    const d = whoIsOnDuty(input.roster, t);
    return {
      ...(d.shiftIds[0] !== undefined ? { shiftId: d.shiftIds[0] } : {}),
      ...(d.leader ? { leader: d.leader.personId } : {}),
      officers: d.officers.map((o) => o.personId),
    };
  };
  const titles = new Map(input.openIncidents.map((i) => [i.id, i.facts.title]));

  const [openIncidents, omittedIncidents] = cap(
    input.openIncidents
      .filter((i): i is typeof i & { status: 'received' | 'responding' } => i.status !== 'closed')
      .map((i) => ({
        id: i.id,
        title: i.facts.title,
        level: i.facts.level,
        status: i.status,
        receivedAt: i.facts.receivedAt,
      }))
      .sort((a, b) => a.level.localeCompare(b.level) || toMs(a.receivedAt) - toMs(b.receivedAt)),
    LIMITS.openIncidents,
  );
  const [pendingObligations, omittedObligations] = cap(
    input.pendingObligations
      .filter((o) => o.state === 'pending' || o.state === 'overdue')
      .map((o) => {
        const title = titles.get(o.incidentId);
        return {
          incidentId: o.incidentId,
          ...(title !== undefined ? { incidentTitle: title } : {}),
          key: o.key,
          kind: o.kind,
          dueAt: o.dueAt,
          overdue: toMs(o.dueAt) <= at,
          minutesLeft: Math.floor((toMs(o.dueAt) - at) / MINUTE),
        };
      })
      .sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt) || a.key.localeCompare(b.key)),
    LIMITS.pendingObligations,
  );
  const [unacknowledgedWarnings, omittedWarnings] = cap(
    input.unacknowledgedWarnings
      .filter((w) => w.liftedAt === undefined || toMs(w.liftedAt) > at)
      .map((w) => ({
        id: w.id,
        hazard: w.hazard,
        colour: w.colour,
        issuedAt: w.issuedAt,
        unacknowledged: w.recipients.filter((r) => r.acknowledgedAt === undefined).length,
        recipients: w.recipients.length,
      }))
      .filter((w) => w.unacknowledged > 0)
      .sort((a, b) => toMs(a.issuedAt) - toMs(b.issuedAt)),
    LIMITS.unacknowledgedWarnings,
  );
  const [teamsOut, omittedTeams] = cap(
    input.teamsOut
      .filter((t) => t.status !== 'standby')
      .map((t) => ({ id: t.id, name: t.name, status: t.status }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    LIMITS.teamsOut,
  );
  const [dutyLog, omittedLog] = cap(
    (input.dutyLog ?? [])
      .filter((e) => toMs(e.occurredAt) <= at)
      .map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt,
        kind: e.kind,
        text: e.text.slice(0, DUTY_LOG_TEXT_CHARS),
        ...(e.counterpart !== undefined ? { counterpart: e.counterpart } : {}),
        ...(e.incidentId !== undefined ? { incidentId: e.incidentId } : {}),
      }))
      .sort((a, b) => toMs(b.occurredAt) - toMs(a.occurredAt) || b.id.localeCompare(a.id)),
    LIMITS.dutyLog,
  );
  const handoverAt = input.handoverAt ?? at;
  return fitToBudget({
    handoverAt: toInstant(handoverAt),
    outgoing: crew(handoverAt - 1),
    incoming: crew(handoverAt),
    openIncidents,
    pendingObligations,
    unacknowledgedWarnings,
    teamsOut,
    notes: input.notes.slice(0, 2000),
    dutyLog,
    omitted: {
      openIncidents: omittedIncidents,
      pendingObligations: omittedObligations,
      unacknowledgedWarnings: omittedWarnings,
      teamsOut: omittedTeams,
      dutyLog: omittedLog,
    },
  });
}

/** Bytes a sheet may take so that the event keeping it stays within the log's 64 KiB. */
export const SHEET_MAX_BYTES = 56 * 1024;

type Section = 'openIncidents' | 'pendingObligations' | 'unacknowledgedWarnings' | 'teamsOut' | 'dutyLog';
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

/**
 * Long texts can make even capped lists too big for one event. Then the largest list gives up its
 * last (least urgent) items until the sheet fits, and `omitted` counts them, so the sheet never
 * silently hides that more exists.
 */
function fitToBudget(sheet: HandoverSheet): HandoverSheet {
  const sections: Section[] = [
    'openIncidents',
    'pendingObligations',
    'unacknowledgedWarnings',
    'teamsOut',
    'dutyLog',
  ];
  const sizes = Object.fromEntries(
    sections.map((k) => [k, sheet[k].map((item) => bytes(item) + 1)]),
  ) as Record<Section, number[]>;
  const sum = (k: Section) => sizes[k].reduce((a, b) => a + b, 0);
  // Omitted counts may grow by a few digits while trimming; leave room for that.
  const fixed =
    bytes({
      ...sheet,
      openIncidents: [],
      pendingObligations: [],
      unacknowledgedWarnings: [],
      teamsOut: [],
      dutyLog: [],
    }) + 32;
  let total = fixed + sections.reduce((n, k) => n + sum(k), 0);
  if (total <= SHEET_MAX_BYTES) return sheet;
  const kept = {
    openIncidents: sheet.openIncidents.length,
    pendingObligations: sheet.pendingObligations.length,
    unacknowledgedWarnings: sheet.unacknowledgedWarnings.length,
    teamsOut: sheet.teamsOut.length,
    dutyLog: sheet.dutyLog.length,
  };
  while (total > SHEET_MAX_BYTES) {
    const largest = sections.reduce((a, b) => (sum(b) > sum(a) ? b : a));
    const dropped = sizes[largest].pop();
    if (dropped === undefined) break;
    kept[largest] -= 1;
    total -= dropped;
  }
  return {
    ...sheet,
    openIncidents: sheet.openIncidents.slice(0, kept.openIncidents),
    pendingObligations: sheet.pendingObligations.slice(0, kept.pendingObligations),
    unacknowledgedWarnings: sheet.unacknowledgedWarnings.slice(0, kept.unacknowledgedWarnings),
    teamsOut: sheet.teamsOut.slice(0, kept.teamsOut),
    dutyLog: sheet.dutyLog.slice(0, kept.dutyLog),
    omitted: {
      openIncidents: sheet.omitted.openIncidents + sheet.openIncidents.length - kept.openIncidents,
      pendingObligations:
        sheet.omitted.pendingObligations + sheet.pendingObligations.length - kept.pendingObligations,
      unacknowledgedWarnings:
        sheet.omitted.unacknowledgedWarnings +
        sheet.unacknowledgedWarnings.length -
        kept.unacknowledgedWarnings,
      teamsOut: sheet.omitted.teamsOut + sheet.teamsOut.length - kept.teamsOut,
      dutyLog: sheet.omitted.dutyLog + sheet.dutyLog.length - kept.dutyLog,
    },
  };
}
