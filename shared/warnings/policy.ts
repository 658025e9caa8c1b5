import { z } from 'zod';
import { ObjectId } from '../ids';
import { WarningColour } from '../domain/operations';
import { fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * The call-and-response (叫应) rules as data: how long each tier of recipients has to answer, how often
 * an unanswered recipient is reminded, and when their superior is told. Tier 1 is the level right
 * below the issuer (e.g. townships under a district), tier 2 the level below that, and so on.
 */
export const WarningPolicy = z.object({
  id: ObjectId,
  source: z.string().trim().min(1).max(500),
  /** Minutes from issue within which a recipient must answer, unless its tier says otherwise. */
  ackLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  tiers: z
    .array(
      z.object({
        tier: z.number().int().min(1).max(5),
        ackLimitMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      }),
    )
    .max(5)
    .default([]),
  /** Reminders sent to an unanswered recipient before the superior is told (the first at the limit). */
  renotifications: z.number().int().min(0).max(5),
  /** Minutes between a reminder and the next reminder, or the escalation after the last one. */
  renotifyIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Optional time, by colour, from issue to the recipient's report of what they did. */
  actionLimitMinutes: z
    .partialRecord(
      WarningColour,
      z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
    )
    .default({}),
});
export type WarningPolicy = z.infer<typeof WarningPolicy>;

/**
 * Tianjin's implementing opinions (seed 003): a warning reaches the next level within 10 minutes and
 * goes straight to the grid person in charge. One reminder, then the superior after 5 more minutes,
 * is this configuration's choice (the texts set no figure).
 */
export const defaultWarningPolicy: WarningPolicy = {
  id: 'default',
  source:
    '《中共天津市委办公厅 天津市人民政府办公厅关于进一步提升基层应急管理能力的实施意见》（2025年）：预警信息和“叫应”原则上不超过10分钟传递到下一级，直达网格责任人；未叫应先再次通知一次、5分钟后仍未叫应报其上级为本配置取值',
  ackLimitMinutes: 10,
  tiers: [],
  renotifications: 1,
  renotifyIntervalMinutes: 5,
  actionLimitMinutes: {},
};

export function loadWarningPolicy(json: unknown): Result<WarningPolicy> {
  const parsed = WarningPolicy.safeParse(json);
  return parsed.success ? ok(parsed.data) : fail(...fromZodError(parsed.error));
}

export const ackLimitFor = (policy: WarningPolicy, tier: number): number =>
  policy.tiers.find((t) => t.tier === tier)?.ackLimitMinutes ?? policy.ackLimitMinutes;
