// Prints, as JSON, the obligations of a fixed set of histories (seeded random ones and some that
// straddle CST midnight). timezone.test.ts runs it under several TZ values and compares the output.
import fc from 'fast-check';
import henanJson from '../../resources/rules/henan.json';
import { obligationsFor, nextDue } from '../../shared/rules/obligations';
import { defaultRuleProfile, loadRuleProfile } from '../../shared/rules/profile';
import { buildScenario, scenario } from '../../shared/rules/testing';

const henan = loadRuleProfile(henanJson);
if (!henan.ok) throw new Error('henan profile invalid');
const out = fc.sample(scenario, { numRuns: 150, seed: 20261125 }).flatMap((s, i) =>
  [defaultRuleProfile, henan.value].map((profile) => {
    const { history, now } = buildScenario(s, i + 1);
    const list = obligationsFor(history.events, profile, now, history.jurisdiction);
    return { profile: profile.id, list, next: nextDue(list)?.key ?? null };
  }),
);
process.stdout.write(JSON.stringify({ hostOffsetMinutes: new Date(Date.UTC(2026, 10, 25)).getTimezoneOffset(), out }));
