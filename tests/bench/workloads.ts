import { IncidentHistory } from '../../shared/rules/rules.testing';
import { HOUR, MINUTE } from '../../shared/time';

/** The instants the open-incident workload is built between: five days of history up to `now`. */
export const workloadStart = Date.parse('2026-11-20T00:00:00.000Z');
export const workloadNow = Date.parse('2026-11-25T06:00:00.000Z');

/**
 * Open incidents of varied kinds and ages, responded to, with casualty updates and some reports —
 * the load the deadline engine and the scheduler are both measured under.
 */
export function openIncidentHistories(count = 500): IncidentHistory[] {
  const kinds = [
    { category: 'accident', subtype: 'hazardous_chemicals' },
    { category: 'accident', subtype: 'road_traffic' },
    { category: 'natural_disaster', subtype: 'flood' },
    { category: 'public_health', subtype: 'food_poisoning' },
  ] as const;
  const out: IncidentHistory[] = [];
  for (let i = 0; i < count; i += 1) {
    const h = new IncidentHistory('410102', i + 1);
    const kind = kinds[i % kinds.length] ?? kinds[0];
    const receivedAt = workloadStart + ((i * 7919 * MINUTE) % (4 * 24 * HOUR));
    h.register({ ...kind, level: i % 3 === 0 ? 'II' : 'III', receivedAt });
    h.report(receivedAt + 12 * MINUTE, 'initial', 'phone');
    h.report(receivedAt + 40 * MINUTE, 'initial', 'written');
    h.respond(receivedAt + 45 * MINUTE);
    let t = receivedAt + 2 * HOUR;
    for (let k = 0; t < workloadNow - HOUR && k < 6; k += 1, t += 7 * HOUR) {
      h.update(t, { casualties: { dead: k % 3, injured: k + 1, missing: 0, trapped: 0 } });
      if ((i + k) % 3 !== 0) h.report(t + 50 * MINUTE, 'follow_up', 'written');
    }
    out.push(h);
  }
  return out;
}
