// Prints, as JSON, the obligations of a fixed set of histories (seeded random ones and some that
// straddle CST midnight). timezone.test.ts runs it under several TZ values and compares the output.
// Besides the obligations: the daily follow-up schedule under each start a profile may choose, and
// the ends of calendar-day windows counted from instants around CST and UTC midnight and month ends.
import fc from 'fast-check';
import henanJson from '../../resources/rules/henan.json';
import tianjinJson from '../../resources/rules/tianjin.json';
import { calendarPeriodEnd } from '../../shared/rules/calendar';
import { followUpScheduleOf, obligationsFor, nextDue } from '../../shared/rules/obligations';
import { defaultRuleProfile, loadRuleProfile, type RuleProfile } from '../../shared/rules/profile';
import { buildScenario, cst, scenario } from '../../shared/rules/rules.testing';
import { DAY, MINUTE } from '../../shared/time';

const loaded = (json: unknown) => {
  const r = loadRuleProfile(json);
  if (!r.ok) throw new Error('shipped profile invalid');
  return r.value;
};
const henan = loaded(henanJson);
const tianjin = loaded(tianjinJson);
const starts = (['first_report', 'registration', 'responding'] as const).map(
  (startsFrom): RuleProfile => ({ ...henan, id: `henan-${startsFrom}`, dailyFollowUps: { startsFrom, source: startsFrom } }),
);
const samples = fc.sample(scenario, { numRuns: 150, seed: 20261125 });
const out = samples.flatMap((s, i) =>
  [defaultRuleProfile, henan].map((profile) => {
    const { history, now } = buildScenario(s, i + 1);
    const list = obligationsFor(history.events, profile, now, history.jurisdiction);
    return { profile: profile.id, list, next: nextDue(list)?.key ?? null };
  }),
);
const more = samples.slice(0, 60).flatMap((s, i) =>
  [tianjin, ...starts].map((profile) => {
    const { history, now } = buildScenario(s, i + 1);
    return {
      profile: profile.id,
      list: obligationsFor(history.events, profile, now, history.jurisdiction),
      schedule: followUpScheduleOf(history.events, profile) ?? null,
    };
  }),
);
const windows = ['2026-06-30 23:50', '2026-07-01 00:00', '2026-07-01 07:59', '2026-07-01 08:00', '2026-01-31 23:59', '2026-12-31 16:00'].flatMap((t) =>
  [-1, 0, 1].flatMap((m) => [1, 7, 30].map((days) => calendarPeriodEnd(cst(t) + m * MINUTE, days) - (cst(t) + days * DAY))),
);
process.stdout.write(JSON.stringify({ hostOffsetMinutes: new Date(Date.UTC(2026, 10, 25)).getTimezoneOffset(), out, more, windows }));
