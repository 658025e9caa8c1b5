import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';

/*
 * The report alarm ladder (报送时限提醒): each rung raised for a due item is one `alarm.raised` event on
 * the stream `alarm:<alarmId>`, so a restart knows what already went off and never rings it twice.
 * Acknowledging uses the catalog's existing `alarm.acknowledged` on the same stream.
 */

/** 提醒 at T−10 min, 告警 (with sound) at T−2 min, 超时 at T (also to the leader on duty). */
export const AlarmStep = z.enum(['reminder', 'alarm', 'overdue']);
export type AlarmStep = z.infer<typeof AlarmStep>;

/** What falls due: a report obligation (shared/rules) or a headquarters task or check-in (shared/headquarters). */
export const DueSourceKind = z.enum(['report_obligation', 'headquarters']);
export type DueSourceKind = z.infer<typeof DueSourceKind>;

export const alarmEventPayloads = {
  'alarm.raised': z.object({
    step: AlarmStep,
    source: DueSourceKind,
    incidentId: Ulid,
    /** The obligation key within its incident (or headquarters), e.g. `initial.phone`. */
    subjectKey: z.string().min(1).max(200),
    subjectKind: z.string().min(1).max(64),
    dueAt: Instant,
    /** When this rung was due; the event's occurredAt is when it actually went off. */
    stepAt: Instant,
    /** How late it went off (a restart, a sleep or a clock jump makes it late); 0 when on time. */
    lateByMs: z.number().int().min(0),
    sound: z.boolean(),
    /** 带班领导 the overdue rung went to, and where that name came from. */
    leader: z
      .object({
        personId: ObjectId,
        name: z.string().max(100).optional(),
        from: z.enum(['roster', 'configured']),
      })
      .optional(),
  }),
} as const;
