import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId } from '../ids';
import { Person, ShortText } from '../domain/common';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Shift, ShiftPositionRole } from '../domain/operations';

/** Wall-clock time of day in China time, "HH:MM" (24-hour). */
export const ClockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected HH:MM');
export type ClockTime = z.infer<typeof ClockTime>;

/** Roster month, "YYYY-MM". */
export const RosterMonth = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
export type RosterMonth = z.infer<typeof RosterMonth>;

/**
 * A person in the duty staff directory (值班人员名录): the common Person plus the duty positions they may
 * hold. Leaders on duty (带班领导) are usually unit heads who do not sit as duty officers, hence a list.
 */
export const StaffMember = Person.extend({
  dutyRoles: z.array(ShiftPositionRole).min(1).default(['officer']),
  /** Someone on leave or transferred stays in the directory (history refers to them) but is not rostered. */
  active: z.boolean().default(true),
});
export type StaffMember = z.infer<typeof StaffMember>;
export type StaffMemberInput = z.input<typeof StaffMember>;

/** One shift of a day in a pattern: a label, the China-time start, and its length. */
export const ShiftSegment = z.object({
  label: z.string().trim().min(1).max(20),
  startsAt: ClockTime,
  hours: z.number().min(1).max(48),
});
export type ShiftSegment = z.infer<typeof ShiftSegment>;

/** 班次: how a day is cut into shifts. */
export const ShiftPattern = z.discriminatedUnion('kind', [
  /** 24小时值班: one shift a day from the handover time to the same time next day. */
  z.object({ kind: z.literal('daily24'), handoverAt: ClockTime }),
  /** 白班/夜班: 12 h day from dayStartsAt, 12 h night after it. */
  z.object({ kind: z.literal('dayNight12'), dayStartsAt: ClockTime }),
  /** Any cut of the day; the coverage check flags the holes it may leave. */
  z.object({ kind: z.literal('custom'), segments: z.array(ShiftSegment).min(1).max(12) }),
]);
export type ShiftPattern = z.infer<typeof ShiftPattern>;

/** Positions of every shift: exactly one leader, N officers, an optional liaison. */
export const PositionPlan = z.object({
  officers: z.number().int().min(1).max(20),
  liaison: z.boolean().default(false),
});
export type PositionPlan = z.infer<typeof PositionPlan>;

export const KeyPeriodKind = z.enum([
  'holiday', // 节假日
  'flood_season', // 汛期
  'major_event', // 重大活动
  'other',
]);

/** 重点时段: a span of time that demands joint duty (联合值守) by the named departments. */
export const KeyPeriod = z
  .object({
    id: ObjectId,
    name: ShortText,
    kind: KeyPeriodKind,
    startsAt: Instant,
    endsAt: Instant,
    requiredDepartments: z.array(ShortText).max(20).default([]),
  })
  .refine((p) => Date.parse(p.endsAt) > Date.parse(p.startsAt), {
    message: 'a key period must end after it starts',
    path: ['endsAt'],
  });
export type KeyPeriod = z.infer<typeof KeyPeriod>;

export const RosterSettings = z.object({
  /** 最短休息时间 between the end of one shift and the start of the same person's next. */
  minRestHours: z.number().min(0).max(168).default(12),
  /** 到岗签到 grace: a position not checked in this long after shift start alarms the leader on duty. */
  checkInGraceMinutes: z.number().int().min(0).max(240).default(15),
  /** How far ahead an uncovered position raises a warning. */
  uncoveredWarningHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(48),
});
export type RosterSettings = z.infer<typeof RosterSettings>;

/** A month roster (值班表): the span it must cover around the clock and the shifts that cover it. */
export const Roster = z.object({
  id: ObjectId,
  jurisdiction: JurisdictionCode,
  month: RosterMonth,
  /** The 24-hour coverage the roster owes: first handover of the month to first handover of the next. */
  coversFrom: Instant,
  coversUntil: Instant,
  /** Up to 12 shifts a day for 31 days. */
  shifts: z.array(Shift).max(400),
  keyPeriods: z.array(KeyPeriod).max(50).default([]),
});
export type Roster = z.infer<typeof Roster>;
