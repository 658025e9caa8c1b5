import { z } from 'zod';
import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { DecideContext } from '../aggregates/context';
import { Actor } from '../domain/common';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Ulid } from '../ids';
import { domainError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { Instant, MINUTE, toMs } from '../time';
import { COUNTERPART_REQUIRED, Counterpart, DutyLogKind, DutyLogText, type DutyLogChanges } from './events';

export type DutyLogCommand = Extract<Command, { type: `dutylog.${string}` }>;
export type DutyLogEvent = Extract<DomainEvent, { type: `dutylog.${string}` }>;

export const dutyLogStream = (entryId: string) => `dutylog:${entryId}` as const;

/** An entry may be written a little after the call; a time ahead of the station clock by more than this is refused. */
export const CLOCK_TOLERANCE_MS = 2 * MINUTE;

/** One version of an entry: what it said, who wrote it and when; a correction gives its reason. */
export const DutyLogVersion = z.object({
  kind: DutyLogKind,
  text: DutyLogText,
  counterpart: Counterpart.optional(),
  incidentId: Ulid.optional(),
  occurredAt: Instant,
  recordedAt: Instant,
  by: Actor,
  reason: z.string().max(500).optional(),
});
export type DutyLogVersion = z.infer<typeof DutyLogVersion>;

/**
 * A duty-log entry as projected: its current content at the top level, and every version (oldest first,
 * the first being the entry as recorded). `corrected` is true once a correction exists.
 */
export const DutyLogEntry = z.object({
  id: Ulid,
  station: z.string().max(64),
  jurisdiction: JurisdictionCode,
  kind: DutyLogKind,
  text: DutyLogText,
  counterpart: Counterpart.optional(),
  incidentId: Ulid.optional(),
  occurredAt: Instant,
  recordedAt: Instant,
  recordedBy: Actor,
  corrected: z.boolean(),
  versions: z.array(DutyLogVersion).min(1),
});
export type DutyLogEntry = z.infer<typeof DutyLogEntry>;

/** What deciding a duty-log command may read: the entry (when it exists) and whether an incident exists. */
export interface DutyLogFacts {
  entry: DutyLogEntry | undefined;
  incidentExists: (incidentId: string) => boolean;
}

const payloadField = (name: string) => `payload.${name}`;

function checkContent(
  content: { kind: DutyLogKind; counterpart?: string | undefined; incidentId?: string | undefined; occurredAt: string },
  facts: DutyLogFacts,
  ctx: DecideContext,
  fieldOf: (name: string) => string,
): DomainError[] {
  const errors: DomainError[] = [];
  if (COUNTERPART_REQUIRED.includes(content.kind) && !content.counterpart)
    errors.push(domainError('DUTYLOG_COUNTERPART_REQUIRED', fieldOf('counterpart'), content.kind));
  if (content.incidentId !== undefined && !facts.incidentExists(content.incidentId))
    errors.push(domainError('NOT_FOUND', fieldOf('incidentId'), content.incidentId));
  if (toMs(content.occurredAt) > toMs(ctx.now) + CLOCK_TOLERANCE_MS)
    errors.push(domainError('TIME_IN_FUTURE', fieldOf('occurredAt'), content.occurredAt));
  return errors;
}

/** The content an entry would have once `changes` are applied (null clears an optional field). */
export function applyChanges(
  current: Omit<DutyLogVersion, 'recordedAt' | 'by' | 'reason'>,
  changes: DutyLogChanges,
): Omit<DutyLogVersion, 'recordedAt' | 'by' | 'reason'> {
  const next: Omit<DutyLogVersion, 'recordedAt' | 'by' | 'reason'> = {
    kind: changes.kind ?? current.kind,
    text: changes.text ?? current.text,
    occurredAt: changes.occurredAt ?? current.occurredAt,
  };
  const counterpart = changes.counterpart === undefined ? current.counterpart : (changes.counterpart ?? undefined);
  const incidentId = changes.incidentId === undefined ? current.incidentId : (changes.incidentId ?? undefined);
  if (counterpart !== undefined) next.counterpart = counterpart;
  if (incidentId !== undefined) next.incidentId = incidentId;
  return next;
}

/** Decide a duty-log command: record a new entry, or correct one (never edit it in place). */
export function decideDutyLog(cmd: DutyLogCommand, facts: DutyLogFacts, ctx: DecideContext): Result<EventDraft[]> {
  if (cmd.type === 'dutylog.record') {
    const p = cmd.payload;
    if (p.entryId !== undefined && facts.entry) return fail(domainError('ALREADY_EXISTS', payloadField('entryId')));
    const occurredAt = p.occurredAt ?? ctx.now;
    const errors = checkContent({ ...p, occurredAt }, facts, ctx, payloadField);
    if (errors.length > 0) return fail(...errors);
    const entryId = p.entryId ?? ctx.newId();
    return ok([
      {
        type: 'dutylog.entry_recorded',
        stream: dutyLogStream(entryId),
        occurredAt,
        payload: {
          kind: p.kind,
          text: p.text,
          ...(p.counterpart !== undefined ? { counterpart: p.counterpart } : {}),
          ...(p.incidentId !== undefined ? { incidentId: p.incidentId } : {}),
          occurredAt,
        },
      },
    ]);
  }
  // dutylog.correct
  const p = cmd.payload;
  const entry = facts.entry;
  if (!entry) return fail(domainError('NOT_FOUND', payloadField('entryId'), p.entryId));
  // Only what actually differs is a change; a correction that changes nothing is refused.
  const changes: DutyLogChanges = {};
  if (p.changes.kind !== undefined && p.changes.kind !== entry.kind) changes.kind = p.changes.kind;
  if (p.changes.text !== undefined && p.changes.text !== entry.text) changes.text = p.changes.text;
  if (p.changes.occurredAt !== undefined && toMs(p.changes.occurredAt) !== toMs(entry.occurredAt))
    changes.occurredAt = p.changes.occurredAt;
  if (p.changes.counterpart !== undefined && (p.changes.counterpart ?? undefined) !== entry.counterpart)
    changes.counterpart = p.changes.counterpart;
  if (p.changes.incidentId !== undefined && (p.changes.incidentId ?? undefined) !== entry.incidentId)
    changes.incidentId = p.changes.incidentId;
  if (Object.keys(changes).length === 0) return fail(domainError('DUTYLOG_NOTHING_CHANGED', payloadField('changes')));
  const next = applyChanges(entry, changes);
  // Only what changed is checked again: an incident linked earlier stays valid on the record.
  const errors = checkContent(
    {
      kind: next.kind,
      counterpart: changes.kind !== undefined || changes.counterpart !== undefined ? next.counterpart : 'unchanged',
      incidentId: changes.incidentId ?? undefined,
      occurredAt: changes.occurredAt ?? ctx.now,
    },
    facts,
    ctx,
    (name) => payloadField(`changes.${name}`),
  );
  if (errors.length > 0) return fail(...errors);
  return ok([
    {
      type: 'dutylog.entry_corrected',
      stream: dutyLogStream(entry.id),
      payload: { changes, reason: p.reason },
    },
  ]);
}

/** Fold one event into the entry. */
export function evolveDutyLogEntry(state: DutyLogEntry | undefined, e: DutyLogEvent): DutyLogEntry | undefined {
  if (e.type === 'dutylog.entry_recorded') {
    if (state) return state;
    const p = e.payload;
    const version: DutyLogVersion = {
      kind: p.kind,
      text: p.text,
      ...(p.counterpart !== undefined ? { counterpart: p.counterpart } : {}),
      ...(p.incidentId !== undefined ? { incidentId: p.incidentId } : {}),
      occurredAt: p.occurredAt,
      recordedAt: e.recordedAt,
      by: e.actor,
    };
    const { by, ...content } = version;
    return {
      id: e.stream.slice(e.stream.indexOf(':') + 1),
      station: e.station,
      jurisdiction: e.jurisdiction,
      ...content,
      recordedBy: by,
      corrected: false,
      versions: [version],
    };
  }
  if (!state) return state;
  const { counterpart: _c, incidentId: _i, ...base } = state;
  const content = applyChanges(state, e.payload.changes);
  const version: DutyLogVersion = { ...content, recordedAt: e.recordedAt, by: e.actor, reason: e.payload.reason };
  return { ...base, ...content, corrected: true, versions: [...state.versions, version] };
}

/** The words a search matches: every version's text and counterpart, so a corrected-away word still finds the entry. */
export function searchTextOf(entry: DutyLogEntry): string {
  const words = new Set<string>();
  for (const v of entry.versions) {
    words.add(v.text);
    if (v.counterpart) words.add(v.counterpart);
  }
  return [...words].join('\n');
}
