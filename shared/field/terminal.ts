import { z } from 'zod';
import { Ulid } from '../ids';
import { Instant } from '../time';
import type { DispatchOrder } from '../domain/operations';
import type { TeamStatus } from '../domain/resources';

/**
 * 外勤终端 (issue 19): what a team leader's phone sends to the station, checked here at the boundary
 * before anything reaches the command path. The phone names no team: the station takes the team from
 * the terminal's token, so a terminal can only ever speak for the team it was paired to.
 */

/** The five taps, in the duty room's step vocabulary: 接令 出发 到场 处置中 返回. */
export const FieldStep = z.enum(['acknowledge', 'depart', 'arrive', 'working', 'return']);
export type FieldStep = z.infer<typeof FieldStep>;

/** A fix from the browser's geolocation (WGS-84), with its accuracy in metres and when it was taken. */
export const FieldFix = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    accuracyM: z.number().min(0).max(100_000).optional(),
    headingDeg: z.number().min(0).max(360).optional(),
    speedKmh: z.number().min(0).max(400).optional(),
    at: Instant,
  })
  .strict();
export type FieldFix = z.infer<typeof FieldFix>;

/**
 * One tap: its own id (a ULID the phone makes when the tap is queued, so a resend after a lost reply is
 * the same command), the order it is about, the step, and the position when the phone had one (with
 * the id its position report is executed under).
 */
export const FieldStatus = z
  .object({
    id: Ulid,
    dispatchId: Ulid,
    step: FieldStep,
    fix: FieldFix.optional(),
    fixId: Ulid.optional(),
  })
  .strict()
  .refine((s) => (s.fix === undefined) === (s.fixId === undefined), {
    message: 'a position needs its own id',
    path: ['fixId'],
  });
export type FieldStatus = z.infer<typeof FieldStatus>;

/** A position on its own (the phone's watch, sent at most every so often while an order is open). */
export const FieldPosition = z.object({ id: Ulid, fix: FieldFix }).strict();
export type FieldPosition = z.infer<typeof FieldPosition>;

/** A team terminal as the console lists it (the token is shown once, at pairing, and stored hashed). */
export const TeamTerminal = z.object({
  id: z.string().min(1).max(64),
  team: z.object({ id: z.string().max(64), name: z.string().max(200) }),
  label: z.string().max(100),
  createdAt: Instant,
  createdBy: z.string().max(100),
  revokedAt: Instant.nullable(),
  revokedBy: z.string().max(100).nullable(),
});
export type TeamTerminal = z.infer<typeof TeamTerminal>;

/** A step's command, as the station executes it for the team: a dispatch step or a team status. */
export type FieldCommand =
  | { type: 'dispatch.acknowledge'; payload: { dispatchId: string; source: 'terminal' } }
  | { type: 'dispatch.arrive'; payload: { dispatchId: string; point?: { lat: number; lon: number }; source: 'terminal' } }
  | { type: 'dispatch.complete'; payload: { dispatchId: string; source: 'terminal' } }
  | { type: 'team.change_status'; payload: { teamId: string; status: TeamStatus; note: string; source: 'terminal' } };

/**
 * Which command a tap is, given where the order stands. 接令 acknowledges the order (the team is then
 * 出动, decision 0007's step line); 出发 acknowledges an order not yet acknowledged, else records the
 * departure as the team's own 出动; 到场 is the order's arrival (at the phone's position); 处置中 is the
 * team's status once on scene; 返回 completes the order (the team is then 返回). A step the order's state
 * does not allow is refused with INVALID_TRANSITION and the state it is in.
 */
export function fieldCommandFor(
  step: FieldStep,
  order: Pick<DispatchOrder, 'id' | 'teamId' | 'status'>,
  fix?: Pick<FieldFix, 'lat' | 'lon'>,
): { ok: true; command: FieldCommand } | { ok: false; state: DispatchOrder['status'] } {
  const source = 'terminal' as const;
  const dispatchId = order.id;
  const status = (s: TeamStatus, word: string): FieldCommand => ({
    type: 'team.change_status',
    payload: { teamId: order.teamId, status: s, note: `dispatch ${order.id}: ${word}`, source },
  });
  switch (step) {
    case 'acknowledge':
      if (order.status !== 'issued') break;
      return { ok: true, command: { type: 'dispatch.acknowledge', payload: { dispatchId, source } } };
    case 'depart':
      if (order.status === 'issued')
        return { ok: true, command: { type: 'dispatch.acknowledge', payload: { dispatchId, source } } };
      if (order.status !== 'acknowledged') break;
      return { ok: true, command: status('en_route', '出发') };
    case 'arrive':
      if (order.status !== 'issued' && order.status !== 'acknowledged') break;
      return {
        ok: true,
        command: {
          type: 'dispatch.arrive',
          payload: { dispatchId, ...(fix ? { point: { lat: fix.lat, lon: fix.lon } } : {}), source },
        },
      };
    case 'working':
      if (order.status !== 'arrived') break;
      return { ok: true, command: status('working', '处置中') };
    case 'return':
      if (order.status !== 'arrived') break;
      return { ok: true, command: { type: 'dispatch.complete', payload: { dispatchId, source } } };
  }
  return { ok: false, state: order.status };
}
