import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { DrillPlanEntry } from '../drills/events';
import { DrillKind } from '../drills/scenario';
import { query } from './call';

/*
 * 年度演练计划 (issue 22) at the station API: a station's planned drills of a year and those it held, and
 * for a superior its townships' — which have not held their comprehensive drill (综合演练) yet. Entries
 * are saved and removed through `execute` (drill_plan.save_entry, drill_plan.remove_entry).
 */

const Title = z.object({ zh: z.string().max(200), en: z.string().max(200) });

/** A drill a station took part in that ended in the year asked. */
export const HeldDrillWire = z.object({
  drillId: Ulid,
  /** The script's kind where this station's record tells it. */
  kind: DrillKind.nullable(),
  title: Title.nullable(),
  endedAt: Instant,
  organiser: JurisdictionCode,
});
export type HeldDrillWire = z.infer<typeof HeldDrillWire>;

export const AnnualDrillPlanWire = z.object({
  year: z.number().int(),
  jurisdiction: JurisdictionCode,
  /** This station's own plan entries for the year and the drills it took part in. */
  planned: z.array(DrillPlanEntry).max(200),
  held: z.array(HeldDrillWire).max(500),
  /**
   * For a superior: each township below it, without a comprehensive drill held this year first (from the
   * gazetteer, and the drill events and plans that reached it through the hub). Empty at a township.
   */
  townships: z
    .array(
      z.object({
        jurisdiction: JurisdictionCode,
        name: z.string().max(100).nullable(),
        planned: z.array(DrillPlanEntry).max(200),
        held: z.array(HeldDrillWire).max(500),
        comprehensiveHeld: z.boolean(),
      }),
    )
    .max(5000),
});
export type AnnualDrillPlanWire = z.infer<typeof AnnualDrillPlanWire>;

export const annualDrillPlanCalls = {
  /** This station's plan and drills held in a year (this year when absent), and its townships'. */
  annualDrillPlan: query(
    z.object({ year: z.number().int().min(2000).max(2100).optional() }).strict(),
    AnnualDrillPlanWire,
  ),
} as const;
